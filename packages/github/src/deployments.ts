import { z } from "zod";
import type { Deployment, DeploymentReader } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call } from "./call.ts";
import { deploymentSchema, deploymentStatusSchema } from "./schemas.ts";

const states: Record<string, Deployment["state"]> = {
  success: "success",
  failure: "failure",
  error: "error",
  inactive: "inactive",
  in_progress: "in_progress",
  queued: "pending",
  pending: "pending",
};

function versionOf(payload: Record<string, unknown> | string, ref: string): string | undefined {
  if (typeof payload === "object" && typeof payload.version === "string") return payload.version;
  return /^v?\d+\.\d+\.\d+/.test(ref) ? ref.replace(/^v/, "") : undefined;
}

/**
 * Deployments of one environment, newest first, each with its latest status. Bounded to the newest
 * `limit` deployments: promotion order and soak time only look at recent ones.
 */
export function githubDeployments(client: GitHubClient, limit = 30): DeploymentReader {
  const { octokit, owner, repo } = client;
  return {
    async deployments(environment) {
      const list = await call("GET /repos/{owner}/{repo}/deployments", z.array(deploymentSchema), () =>
        octokit.rest.repos.listDeployments({ owner, repo, environment, per_page: Math.min(limit, 100) }),
      );
      const out: Deployment[] = [];
      for (const d of list.slice(0, limit)) {
        const statuses = await call("GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", z.array(deploymentStatusSchema), () =>
          octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: d.id, per_page: 1 }),
        );
        const latest = statuses[0];
        const version = versionOf(d.payload, d.ref);
        out.push({
          environment: d.environment,
          commit: d.sha,
          ref: d.ref,
          ...(version ? { version } : {}),
          state: latest ? (states[latest.state] ?? "error") : "pending",
          at: latest?.created_at ?? d.created_at,
        });
      }
      return out;
    },
  };
}
