import type { Deployment, DeploymentReader } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { deploymentSchema } from "./schemas.ts";

const LIST = "GET /projects/:id/deployments";

export type GitlabDeployment = z.infer<typeof deploymentSchema>;

function stateOf(status: GitlabDeployment["status"]): Deployment["state"] {
  switch (status) {
    case "success":
      return "success";
    case "failed":
      return "failure";
    case "running":
      return "in_progress";
    case "canceled":
    case "skipped":
      return "inactive";
    default:
      return "pending";
  }
}

export function toDeployment(d: GitlabDeployment): Deployment {
  const tag = d.deployable?.tag === true;
  return {
    environment: d.environment.name,
    commit: d.sha,
    ref: d.ref,
    ...(tag ? { version: d.ref.replace(/^v/, "") } : {}),
    state: stateOf(d.status),
    at: d.finished_at ?? d.updated_at,
  };
}

/** Deployments to one environment, newest first: the gate reads promotion order and soak time from them. */
export function gitlabDeploymentReader(client: GitlabClient, project: string): DeploymentReader {
  return {
    async deployments(environment) {
      const list = await call(LIST, z.array(deploymentSchema), () =>
        client.deployments.all(project, { environment, orderBy: "updated_at", sort: "desc", perPage: 50, maxPages: 2 }),
      );
      return list.filter((d) => d.environment.name === environment).map(toDeployment);
    },
  };
}
