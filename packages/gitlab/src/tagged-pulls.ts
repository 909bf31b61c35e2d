import { z } from "zod";
import type { TaggedPulls } from "@relm/core/ports/release-pulls";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";

const COMMIT_MRS = "GET /projects/:id/repository/commits/:sha/merge_requests";
const UPDATE_MR = "PUT /projects/:id/merge_requests/:merge_request_iid";

const mrSchema = z.looseObject({
  iid: z.number().int(),
  state: z.string(),
  description: z.string().nullable(),
  labels: z.array(z.string()),
  merge_commit_sha: z.string().nullable().optional(),
  squash_commit_sha: z.string().nullable().optional(),
  sha: z.string().nullable().optional(),
});

/** The release MR behind a tagged commit on GitLab, and its labels changed in one edit. */
export function gitlabTaggedPulls(client: GitlabClient, project: string): TaggedPulls {
  return {
    async mergedInto(commit) {
      const list = await call(COMMIT_MRS, z.array(mrSchema), () => client.commits.allMergeRequests(project, commit));
      // The MR whose merge made the commit: its merge commit, its squash commit, or (fast-forward) its head.
      const merged = list.find((m) => m.state === "merged" && (m.merge_commit_sha === commit || m.squash_commit_sha === commit || (m.merge_commit_sha == null && m.sha === commit)));
      return merged ? { number: merged.iid, body: merged.description ?? "", labels: merged.labels } : undefined;
    },
    async relabel(pull, { add, remove }) {
      await call(UPDATE_MR, mrSchema, () => client.mergeRequests.edit(project, pull.number, { addLabels: add, removeLabels: remove }));
    },
  };
}
