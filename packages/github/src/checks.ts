import { z } from "zod";
import { isRelmError, type CheckConclusion, type CheckReader, type CheckResult } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { parseAnswer, requestError } from "./call.ts";
import { checkRunSchema, combinedStatusSchema } from "./schemas.ts";

const runConclusions: Record<string, CheckConclusion> = {
  success: "success",
  neutral: "neutral",
  skipped: "skipped",
  cancelled: "cancelled",
  failure: "failure",
  timed_out: "failure",
  action_required: "failure",
  startup_failure: "failure",
  stale: "pending",
};

const statusStates: Record<string, CheckConclusion> = { success: "success", pending: "pending", failure: "failure", error: "failure" };

function runConclusion(status: string, conclusion: string | null): CheckConclusion {
  if (status !== "completed" || conclusion === null) return "pending";
  return runConclusions[conclusion] ?? "failure";
}

/** Check runs (latest per name) and commit statuses (latest per context) of one commit. */
export function githubChecks(client: GitHubClient): CheckReader {
  const { octokit, owner, repo } = client;
  return {
    async checks(commit) {
      const results: CheckResult[] = [];
      const runsEndpoint = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
      try {
        for await (const page of octokit.paginate.iterator(octokit.rest.checks.listForRef, { owner, repo, ref: commit, filter: "latest", per_page: 100 })) {
          for (const run of parseAnswer(runsEndpoint, z.array(checkRunSchema), page.data)) {
            results.push({ name: run.name, conclusion: runConclusion(run.status, run.conclusion), source: "check-run", ...(run.html_url ? { url: run.html_url } : {}) });
          }
        }
      } catch (error) {
        throw isRelmError(error) ? error : requestError(runsEndpoint, error);
      }
      const statusEndpoint = "GET /repos/{owner}/{repo}/commits/{ref}/status";
      let data: unknown;
      try {
        ({ data } = await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: commit, per_page: 100 }));
      } catch (error) {
        throw requestError(statusEndpoint, error);
      }
      for (const s of parseAnswer(statusEndpoint, combinedStatusSchema, data).statuses) {
        results.push({ name: s.context, conclusion: statusStates[s.state] ?? "failure", source: "status", ...(s.target_url ? { url: s.target_url } : {}) });
      }
      return results;
    },
  };
}
