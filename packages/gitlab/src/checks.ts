import type { CheckConclusion, CheckReader, CheckResult } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { commitStatusSchema, pipelineSchema, type CiStatus } from "./schemas.ts";

const PIPELINES = "GET /projects/:id/pipelines";
const STATUSES = "GET /projects/:id/repository/commits/:sha/statuses";

export function conclusionOf(status: CiStatus, allowFailure = false): CheckConclusion {
  switch (status) {
    case "success":
      return "success";
    case "failed":
      return allowFailure ? "neutral" : "failure";
    case "canceled":
    case "canceling":
      return "cancelled";
    case "skipped":
      return "skipped";
    case "manual":
      // A manual job nobody played has not run: it proves nothing either way.
      return "neutral";
    default:
      return "pending";
  }
}

/**
 * The release commit's pipelines and commit statuses (jobs and external statuses). Only the
 * newest pipeline counts, and only the newest status per name, as in GitLab's own widgets.
 */
export function gitlabCheckReader(client: GitlabClient, project: string, options: { currentPipelineId?: number } = {}): CheckReader {
  return {
    async checks(commit) {
      const pipelines = await call(PIPELINES, z.array(pipelineSchema), () =>
        client.pipelines.all(project, { sha: commit, orderBy: "id", sort: "desc", perPage: 20, maxPages: 1 }),
      );
      const results: CheckResult[] = [];
      // The running pipeline is the one asking; its own status is "running" by definition.
      const latest = pipelines.filter((p) => p.id !== options.currentPipelineId).sort((a, b) => b.id - a.id)[0];
      if (latest) {
        results.push({ name: `pipeline #${latest.id}`, conclusion: conclusionOf(latest.status), source: "pipeline", ...(latest.web_url ? { url: latest.web_url } : {}) });
      }
      const statuses = await call(STATUSES, z.array(commitStatusSchema), () => client.commits.allStatuses(project, commit, { all: true }));
      const newest = new Map<string, z.infer<typeof commitStatusSchema>>();
      for (const s of statuses) {
        const seen = newest.get(s.name);
        if (!seen || s.id > seen.id) newest.set(s.name, s);
      }
      for (const s of [...newest.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        results.push({ name: s.name, conclusion: conclusionOf(s.status, s.allow_failure), source: "status", ...(s.target_url ? { url: s.target_url } : {}) });
      }
      return results;
    },
  };
}
