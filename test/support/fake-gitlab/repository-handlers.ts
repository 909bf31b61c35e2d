// The fake GitLab's repository: branches, commits and their files, and commits made through the
// commits API with file actions, applied as GitLab applies them (so a later raw read sees them).
import { createHash } from "node:crypto";
import type { FakeCommit, FakeGitlabState } from "./state.ts";
import { bad, notFound, stamp, str, type Answer, type Handler } from "./handler-kit.ts";

/** Puts a commit into the fake (a test's "push"), and points `branch` at it when given. */
export function seedCommit(s: FakeGitlabState, commit: { id: string; parents?: string[]; message?: string; files: Record<string, string> }, branch?: string): void {
  s.commits.set(commit.id, { id: commit.id, parents: commit.parents ?? [], message: commit.message ?? "seeded", files: new Map(Object.entries(commit.files)) });
  if (branch !== undefined) s.branches.set(branch, commit.id);
}

/** A branch name or a commit id, as GitLab takes either wherever it asks for a ref. */
function resolve(s: FakeGitlabState, ref: string): FakeCommit | undefined {
  return s.commits.get(s.branches.get(ref) ?? ref);
}

function commitBody(c: FakeCommit) {
  const title = c.message.split("\n")[0] ?? "";
  return {
    id: c.id, short_id: c.id.slice(0, 8), title, message: c.message, parent_ids: c.parents,
    author_name: "relm-bot", author_email: "relm-bot@example.invalid", authored_date: stamp(), committer_name: "relm-bot",
    committer_email: "relm-bot@example.invalid", committed_date: stamp(), created_at: stamp(), web_url: `https://gitlab.invalid/acme/app/-/commit/${c.id}`,
  };
}

const ACTIONS = new Set(["create", "delete", "move", "update", "chmod"]);
const ACTION_KEYS = new Set(["action", "file_path", "previous_path", "content", "encoding", "last_commit_id", "execute_filemode"]);

/** One commit action on `files`, or GitLab's 400 for it. */
function apply(files: Map<string, string>, raw: unknown): Answer | undefined {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return bad("actions is invalid");
  const a = raw as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !ACTION_KEYS.has(k));
  if (unknown.length > 0) return bad(`actions[${unknown.join(", ")}] is not a known parameter`);
  const action = str(a.action) ?? "";
  const path = str(a.file_path) ?? "";
  if (!ACTIONS.has(action)) return bad("actions[action] does not have a valid value");
  if (path === "") return bad("actions[file_path] is missing");
  if (a.encoding !== undefined && a.encoding !== "text") return bad("the fake GitLab takes text content only");
  if (action === "create") {
    if (files.has(path)) return bad("A file with this name already exists");
    if (typeof a.content !== "string") return bad("actions[content] is missing");
    files.set(path, a.content);
  } else if (action === "update") {
    if (!files.has(path)) return bad("A file with this name doesn't exist");
    if (typeof a.content !== "string") return bad("actions[content] is missing");
    files.set(path, a.content);
  } else if (action === "delete") {
    if (!files.delete(path)) return bad("A file with this name doesn't exist");
  } else return bad(`the fake GitLab does not do "${action}" actions`);
  return undefined;
}

export const repositoryHandlers: Record<string, Handler> = {
  "show-branch": (s, { params }) => {
    const name = params.branch ?? "";
    const c = resolve(s, name);
    if (!s.branches.has(name) || !c) return notFound("Branch");
    return { status: 200, body: { name, merged: false, protected: name === "main", default: name === "main", developers_can_push: false, developers_can_merge: false, can_push: true, web_url: `https://gitlab.invalid/acme/app/-/tree/${name}`, commit: commitBody(c) } };
  },
  "show-commit": (s, { params }) => {
    const c = resolve(s, params.sha ?? "");
    return c ? { status: 200, body: commitBody(c) } : notFound("Commit");
  },
  "get-raw-file": (s, { params, args }) => {
    const c = resolve(s, str(args.ref) ?? "main");
    if (!c) return notFound("Commit");
    const text = c.files.get(params.file_path ?? "");
    return text === undefined ? notFound("File") : { status: 200, text };
  },
  "create-commit": (s, { args }) => {
    const branch = str(args.branch) ?? "";
    const startSha = str(args.start_sha);
    const startBranch = str(args.start_branch);
    if (startSha !== undefined && startBranch !== undefined) return bad("start_branch, start_sha are mutually exclusive");
    if (!Array.isArray(args.actions) || args.actions.length === 0) return bad("actions is empty");
    const existing = s.branches.get(branch);
    const from = startSha ?? (startBranch === undefined ? undefined : s.branches.get(startBranch));
    if ((startSha !== undefined || startBranch !== undefined) && from === undefined) return bad(startSha ? `Invalid start SHA: ${startSha}` : `Invalid start branch: ${startBranch}`);
    // As GitLab: starting anew over an existing branch needs force, which replaces the branch's head.
    if (existing !== undefined && from !== undefined && args.force !== true) return bad(`A branch called '${branch}' already exists. Switch to that branch in order to make changes`);
    const parentId = from ?? existing;
    const parent = parentId === undefined ? undefined : s.commits.get(parentId);
    if (!parent) return bad("You can only create or edit files when you are on a branch");
    const files = new Map(parent.files);
    for (const action of args.actions) {
      const refused = apply(files, action);
      if (refused) return refused;
    }
    const message = str(args.commit_message) ?? "";
    const id = createHash("sha1").update(`${parent.id}\n${message}\n${JSON.stringify([...files])}\n${s.commits.size}`).digest("hex");
    const made: FakeCommit = { id, parents: [parent.id], message, files };
    s.commits.set(id, made);
    s.branches.set(branch, id);
    return { status: 201, body: commitBody(made) };
  },
};
