import type { DeploymentFacts, DeploymentWriter, ForgeDeploymentRef } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { deploymentSchema } from "./schemas.ts";
import type { GitlabDeployment } from "./deployments.ts";

const LIST = "GET /projects/:id/deployments";
const CREATE = "POST /projects/:id/deployments";
const UPDATE = "PUT /projects/:id/deployments/:deployment_id";

/**
 * relm's deployments as GitLab deployments (made through the API, so they have no job). GitLab keeps
 * no free text with a deployment, so a re-run cannot find its deployment by relm's id; it takes the
 * running deployment of the environment that the API made for the same commit and tag, leaving out
 * those the registry's finished deployments name as theirs (`taken`: a mirror whose update failed
 * stays running). relm lets one deployment of an environment run at a time (the registry's lock), so
 * what is left is the deployment the interrupted run made.
 */
export function gitlabDeploymentWriter(client: GitlabClient, project: string, options: { projectUrl?: string } = {}): DeploymentWriter {
  const urlOf = (d: GitlabDeployment): string | undefined =>
    options.projectUrl && d.environment.id !== undefined ? `${options.projectUrl.replace(/\/+$/, "")}/-/environments/${d.environment.id}` : undefined;
  const refOf = (d: GitlabDeployment): ForgeDeploymentRef => {
    const url = urlOf(d);
    return { id: String(d.id), ...(url ? { url } : {}), created: false };
  };

  async function running(d: DeploymentFacts): Promise<GitlabDeployment | undefined> {
    const list = await call(LIST, z.array(deploymentSchema), () =>
      client.deployments.all(project, { environment: d.environment, status: "running", orderBy: "id", sort: "desc", perPage: 100, maxPages: 1 }),
    );
    return list.find((x) => x.environment.name === d.environment && x.sha === d.commit && x.ref === d.tag && !x.deployable && !d.taken?.includes(String(x.id)));
  }

  return {
    async start(d) {
      const found = await running(d);
      if (found) return refOf(found);
      const made = await call(CREATE, deploymentSchema, () => client.deployments.create(project, d.environment, d.commit, d.tag, true, { status: "running" }));
      return { ...refOf(made), created: true };
    },
    async finish(ref, status) {
      await call(UPDATE, deploymentSchema, () => client.deployments.edit(project, Number(ref.id), status === "success" ? "success" : "failed"));
    },
  };
}
