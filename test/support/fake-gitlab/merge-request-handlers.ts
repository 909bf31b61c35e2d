// The fake GitLab's merge requests: listed by state and branches, opened, edited, closed and noted.
import type { FakeGitlabState, FakeMergeRequest, FakeNote } from "./state.ts";
import { bad, notFound, stamp, str, user, type Answer, type Handler } from "./handler-kit.ts";

/** GitLab takes labels as a comma-separated string or as an array. */
function labelList(v: unknown): string[] {
  const list = Array.isArray(v) ? v.map(String) : (str(v) ?? "").split(",");
  return list.map((l) => l.trim()).filter((l) => l !== "");
}

function mrBody(s: FakeGitlabState, mr: FakeMergeRequest) {
  return {
    id: mr.id, iid: mr.iid, project_id: Number(s.projectId), title: mr.title, description: mr.description, state: mr.state,
    source_branch: mr.source_branch, target_branch: mr.target_branch, labels: mr.labels, draft: false, work_in_progress: false,
    sha: s.branches.get(mr.source_branch) ?? null, force_remove_source_branch: mr.remove_source_branch, author: user(s.tokenUser, 1),
    merge_commit_sha: mr.merge_commit_sha ?? null, squash_commit_sha: null,
    created_at: stamp(), updated_at: stamp(), web_url: `https://gitlab.invalid/${s.projectPath}/-/merge_requests/${mr.iid}`,
  };
}

function noteBody(s: FakeGitlabState, n: FakeNote) {
  return { id: n.id, body: n.body, system: n.system, created_at: n.created_at, updated_at: n.created_at, author: user(n.username, s.users.get(n.username) ?? 1), noteable_type: "MergeRequest" };
}

const byIid = (s: FakeGitlabState, iid: string | undefined) => s.mergeRequests.find((m) => String(m.iid) === iid);

export const mergeRequestHandlers: Record<string, Handler> = {
  "list-merge-requests": (s, { args }) => {
    const state = str(args.state) ?? "all";
    if (!["opened", "closed", "locked", "merged", "all"].includes(state)) return bad("state does not have a valid value");
    const source = str(args.source_branch);
    const target = str(args.target_branch);
    const list = s.mergeRequests
      .filter((m) => (state === "all" || m.state === state) && (source === undefined || m.source_branch === source) && (target === undefined || m.target_branch === target))
      .sort((a, b) => b.iid - a.iid);
    return { status: 200, body: list.map((m) => mrBody(s, m)) };
  },
  "create-merge-request": (s, { args }) => {
    const source = str(args.source_branch) ?? "";
    const target = str(args.target_branch) ?? "";
    const title = str(args.title) ?? "";
    if (title === "") return bad("title is empty");
    if (!s.branches.has(source)) return bad(`Source branch "${source}" does not exist`);
    if (!s.branches.has(target)) return bad(`Target branch "${target}" does not exist`);
    if (source === target) return bad("You can't use same project/branch for source and target");
    const other = s.mergeRequests.find((m) => m.state === "opened" && m.source_branch === source && m.target_branch === target);
    if (other) return { status: 409, body: { message: [`Another open merge request already exists for this source branch: !${other.iid}`] } };
    const mr: FakeMergeRequest = {
      id: 7000 + s.mergeRequests.length, iid: s.mergeRequests.length + 1, source_branch: source, target_branch: target, title,
      description: str(args.description) ?? "", labels: labelList(args.labels), state: "opened", remove_source_branch: args.remove_source_branch === true, notes: [],
    };
    s.mergeRequests.push(mr);
    return { status: 201, body: mrBody(s, mr) };
  },
  "update-merge-request": (s, { params, args }) => {
    const mr = byIid(s, params.merge_request_iid);
    if (!mr) return notFound("Merge Request");
    // As GitLab's API: an edit names at least one thing to change.
    if (Object.keys(args).length === 0) return bad("at least one parameter must be provided");
    const event = str(args.state_event);
    if (event !== undefined && event !== "close" && event !== "reopen") return bad("state_event does not have a valid value");
    if (args.title !== undefined) mr.title = str(args.title) ?? mr.title;
    if (args.description !== undefined) mr.description = str(args.description) ?? mr.description;
    if (args.labels !== undefined) mr.labels = labelList(args.labels);
    for (const l of labelList(args.add_labels)) if (!mr.labels.includes(l)) mr.labels.push(l);
    const removed = new Set(labelList(args.remove_labels));
    mr.labels = mr.labels.filter((l) => !removed.has(l));
    if (args.remove_source_branch !== undefined) mr.remove_source_branch = args.remove_source_branch === true;
    if (event === "close" && mr.state === "opened") mr.state = "closed";
    if (event === "reopen" && mr.state === "closed") mr.state = "opened";
    return { status: 200, body: mrBody(s, mr) };
  },
  // GitLab lists the MRs that contain the commit; a merged MR contains the merge commit it made.
  "list-commit-merge-requests": (s, { params }) => ({
    status: 200,
    body: s.mergeRequests.filter((m) => m.merge_commit_sha === params.sha || s.branches.get(m.source_branch) === params.sha).map((m) => mrBody(s, m)),
  }),
  "create-merge-request-note": (s, { params, args }): Answer => {
    const mr = byIid(s, params.merge_request_iid);
    if (!mr) return notFound("Merge Request");
    const body = str(args.body) ?? "";
    if (body === "") return bad("Note can't be blank");
    const note: FakeNote = { id: 3000 + mr.notes.length + mr.iid * 100, body, system: false, created_at: stamp(), username: s.tokenUser };
    mr.notes.push(note);
    return { status: 201, body: noteBody(s, note) };
  },
};
