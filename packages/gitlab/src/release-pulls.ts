import { z } from "zod";
import type { ReleasePull, ReleasePulls } from "@relm/core/ports/release-pulls";
import type { GitlabClient } from "./client.ts";
import { call, find } from "./call.ts";

const BRANCH = "GET /projects/:id/repository/branches/:branch";
const COMMIT = "GET /projects/:id/repository/commits/:sha";
const RAW = "GET /projects/:id/repository/files/:file_path/raw";
const CREATE_COMMIT = "POST /projects/:id/repository/commits";
const LIST_MRS = "GET /projects/:id/merge_requests";
const CREATE_MR = "POST /projects/:id/merge_requests";
const UPDATE_MR = "PUT /projects/:id/merge_requests/:merge_request_iid";
const CREATE_NOTE = "POST /projects/:id/merge_requests/:merge_request_iid/notes";

const sha = z.string().regex(/^[0-9a-f]{40,64}$/);
const branchSchema = z.looseObject({ name: z.string(), commit: z.looseObject({ id: sha }) });
const commitSchema = z.looseObject({ id: sha, parent_ids: z.array(sha) });
// GitLab serves a raw file as text/plain for text and as application/octet-stream otherwise.
const rawSchema = z.union([z.string(), z.instanceof(Uint8Array)]);
const mrSchema = z.looseObject({ iid: z.number().int(), web_url: z.string(), description: z.string().nullable() });
const noteSchema = z.looseObject({ id: z.number().int() });

const asPull = (mr: z.infer<typeof mrSchema>): ReleasePull => ({ number: mr.iid, url: mr.web_url, body: mr.description ?? "" });

/**
 * The release MR on GitLab. The commit is one call to the commits API with file actions, forced onto
 * the release branch from the base head: no checkout, no push, and a protected base branch is never
 * written. The MR's `number` is its iid (the `!12` people see), not its global id.
 */
export function gitlabReleasePulls(client: GitlabClient, project: string): ReleasePulls {
  return {
    head: async (branch) => (await find(BRANCH, branchSchema, () => client.branches.show(project, branch)))?.commit.id,
    parent: async (commit) => (await call(COMMIT, commitSchema, () => client.commits.show(project, commit))).parent_ids[0],
    read: async (ref, path) => {
      const raw = await find(RAW, rawSchema, () => client.repositoryFiles.showRaw(project, path, ref));
      return raw === undefined ? undefined : typeof raw === "string" ? raw : Buffer.from(raw).toString("utf8");
    },
    async commit({ branch, baseHead, message, files }) {
      // "create" for a file the base lacks: GitLab answers 400 to "update" of a missing file and to "create" of an existing one.
      const actions = files.map((f) => ({ action: f.created ? ("create" as const) : ("update" as const), filePath: f.path, content: f.text }));
      // Forced from start_sha: the release branch is relm's, rebuilt from the base head every time.
      const made = await call(CREATE_COMMIT, commitSchema, () => client.commits.create(project, branch, message, actions, { startSha: baseHead, force: true }));
      return made.id;
    },
    async findOpen(head, base) {
      const open = await call(LIST_MRS, z.array(mrSchema), () => client.mergeRequests.all({ projectId: project, state: "opened", sourceBranch: head, targetBranch: base }));
      return open[0] === undefined ? undefined : asPull(open[0]);
    },
    async open({ head, base, title, body, label }) {
      // The branch is relm's alone: GitLab deletes it on merge, and the next `relm pr` makes it afresh.
      const mr = await call(CREATE_MR, mrSchema, () => client.mergeRequests.create(project, head, base, title, { description: body, labels: label, removeSourceBranch: true }));
      return asPull(mr);
    },
    async update(pull, { title, body, label }) {
      // add_labels, not labels: labels a person put on the MR stay.
      await call(UPDATE_MR, mrSchema, () => client.mergeRequests.edit(project, pull.number, { title, description: body, addLabels: label }));
    },
    async close(pull, comment) {
      await call(CREATE_NOTE, noteSchema, () => client.mergeRequestNotes.create(project, pull.number, comment));
      await call(UPDATE_MR, mrSchema, () => client.mergeRequests.edit(project, pull.number, { stateEvent: "close" }));
    },
  };
}
