import { z } from "zod";
import type { DeploymentFacts, DeploymentWriter, ForgeDeploymentRef, MirroredStatus } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, isUnprocessable, parseAnswer, requestError } from "./call.ts";
import { deploymentSchema } from "./schemas.ts";

const CREATE = "POST /repos/{owner}/{repo}/deployments";
const STATUS = "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses";
const LIST = "GET /repos/{owner}/{repo}/deployments";

/** GitHub cuts a status description at 140 characters and refuses a longer one. */
const short = (text: string): string => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

function payloadOf(d: DeploymentFacts): Record<string, string> {
  return { version: d.version, relmDeploymentId: d.deploymentId, ...(d.project ? { project: d.project } : {}), ...(d.package ? { package: d.package } : {}) };
}

/**
 * relm's deployments as GitHub deployments with statuses. The deployment is made with
 * `required_contexts: []` and no auto-merge: relm's gate already judged the checks, and the commit
 * deployed is the release's, not a merge. A re-run finds the deployment by its payload's relm id.
 */
export function githubDeploymentWriter(client: GitHubClient): DeploymentWriter {
  const { octokit, owner, repo } = client;
  const pageOf = (environment: string) => `${client.serverUrl}/${owner}/${repo}/deployments/${encodeURIComponent(environment)}`;

  async function status(id: number, state: MirroredStatus, d: DeploymentFacts): Promise<void> {
    await call(STATUS, z.looseObject({ id: z.number() }), () =>
      octokit.rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: id,
        state,
        environment: d.environment,
        description: short(`${d.version}: ${state === "in_progress" ? "deploying" : state} (relm ${d.deploymentId})`),
        ...(d.logUrl ? { log_url: d.logUrl } : {}),
        ...(d.environmentUrl ? { environment_url: d.environmentUrl } : {}),
      }),
    );
  }

  async function made(d: DeploymentFacts): Promise<number | undefined> {
    const list = await call(LIST, z.array(deploymentSchema), () =>
      octokit.rest.repos.listDeployments({ owner, repo, sha: d.commit, environment: d.environment, per_page: 100 }),
    );
    return list.find((x) => typeof x.payload === "object" && x.payload.relmDeploymentId === d.deploymentId)?.id;
  }

  async function create(d: DeploymentFacts, ref: string): Promise<number> {
    const { data } = await octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref,
      environment: d.environment,
      auto_merge: false,
      required_contexts: [],
      payload: payloadOf(d),
      description: d.description,
    });
    return parseAnswer(CREATE, deploymentSchema, data).id;
  }

  return {
    async start(d): Promise<ForgeDeploymentRef> {
      const found = await made(d);
      if (found !== undefined) return { id: String(found), url: pageOf(d.environment), created: false };
      let id: number;
      try {
        id = await create(d, d.tag);
      } catch (error) {
        // A tag that lives only in the registry's repository is unknown to GitHub; the commit is not.
        if (!isUnprocessable(error)) throw requestError(CREATE, error);
        try {
          id = await create(d, d.commit);
        } catch (again) {
          throw requestError(CREATE, again);
        }
      }
      await status(id, "in_progress", d);
      return { id: String(id), url: pageOf(d.environment), created: true };
    },
    async finish(ref, outcome, d) {
      await status(Number(ref.id), outcome, d);
    },
  };
}
