// The Git Data API (commits, trees, contents) and pull requests as relm pr uses them: commits are
// whole file maps, enough to check what a release branch holds.
import { createHash } from "node:crypto";
import { pullBody } from "./pull-objects.ts";
import { invalid, notFound, obj, repoUrl, type Handler } from "./handler-kit.ts";
import type { FakeState } from "./state.ts";

export interface GitCommit {
  parents: string[];
  files: Map<string, string>;
  message: string;
  /** Made by createCommitOnBranch: GitHub signs it, and shows it "Verified". */
  signed?: boolean;
}

/** Commits and trees by sha; a test seeds the base commit with its files. */
export const gitObjects = { commits: new Map<string, GitCommit>(), trees: new Map<string, Map<string, string>>() };

const hash = (text: string): string => createHash("sha1").update(text).digest("hex");
const person = { date: "2026-01-01T00:00:00Z", email: "actions@github.invalid", name: "github-actions[bot]" };

function commitBody(s: FakeState, base: string, sha: string, c: GitCommit): Record<string, unknown> {
  const url = `${repoUrl(s, base)}/git/commits/${sha}`;
  const tree = hash(JSON.stringify([...c.files]));
  return {
    sha,
    node_id: `C_${sha.slice(0, 8)}`,
    url,
    html_url: `https://github.invalid/${s.owner}/${s.repo}/commit/${sha}`,
    author: person,
    committer: person,
    message: c.message,
    tree: { sha: tree, url: `${repoUrl(s, base)}/git/trees/${tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${repoUrl(s, base)}/git/commits/${p}`, html_url: `https://github.invalid/${s.owner}/${s.repo}/commit/${p}` })),
    verification: c.signed
      ? { verified: true, reason: "valid", signature: "-----BEGIN PGP SIGNATURE-----\nfake\n-----END PGP SIGNATURE-----", payload: `tree ${tree}`, verified_at: "2026-01-01T00:00:00Z" }
      : { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

function treeOf(s: FakeState, sha: string): Map<string, string> | undefined {
  return gitObjects.trees.get(sha) ?? [...gitObjects.commits.values()].find((c) => hash(JSON.stringify([...c.files])) === sha)?.files;
}

/** Whether `target` is `from` or one of its ancestors in the fake's commits. */
function reachable(from: string, target: string): boolean {
  const seen = new Set<string>();
  const queue = [from];
  for (let sha = queue.shift(); sha !== undefined; sha = queue.shift()) {
    if (sha === target) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(gitObjects.commits.get(sha)?.parents ?? []));
  }
  return false;
}

/**
 * What GitHub does after the ref `heads/<branch>` moved or went: an open pull request from it whose
 * head has nothing its base lacks (a head reset to the base), or whose head branch was deleted, is
 * closed at once, and stays closed when the branch moves on.
 */
export function closeEmptyPulls(s: FakeState, ref: string): void {
  if (!ref.startsWith("heads/")) return;
  const branch = ref.slice("heads/".length);
  for (const p of s.pulls.filter((x) => x.state === "open" && x.head === branch)) {
    const head = s.refs.get(ref)?.sha;
    const base = s.refs.get(`heads/${p.base}`)?.sha;
    if (head !== undefined && (base === undefined || !reachable(base, head))) continue;
    p.state = "closed";
    const issue = s.issues.find((i) => i.number === p.number);
    if (issue) issue.state = "closed";
  }
}

function pullNumber(s: FakeState): number {
  return Math.max(0, ...s.issues.map((i) => i.number), ...s.pulls.map((p) => p.number)) + 1;
}

function fullPull(s: FakeState, p: FakeState["pulls"][number]): Record<string, unknown> {
  return {
    ...pullBody(s.owner, s.repo, p),
    merged: false, mergeable: null, rebaseable: null, mergeable_state: "clean", merged_by: null, comments: 0, review_comments: 0,
    maintainer_can_modify: false, commits: 1, additions: 1, deletions: 1, changed_files: 1, requested_reviewers: [], requested_teams: [], assignees: [],
  };
}

const labelsBody = (s: FakeState, base: string, labels: readonly string[]) =>
  labels.map((l, k) => ({ id: 900 + k, node_id: `L_${k}`, url: `${repoUrl(s, base)}/labels/${encodeURIComponent(l)}`, name: l, description: null, color: "ededed", default: false }));

export const gitDataHandlers: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/git/commits/{commit_sha}": (s, i) => {
    const c = gitObjects.commits.get(i.params.commit_sha ?? "");
    return c ? { status: 200, body: commitBody(s, i.base, i.params.commit_sha ?? "", c) } : notFound;
  },
  "POST /repos/{owner}/{repo}/git/trees": (s, i) => {
    const b = obj(i.body);
    const files = new Map(treeOf(s, String(b.base_tree)) ?? []);
    const entries = Array.isArray(b.tree) ? b.tree.map(obj) : [];
    for (const e of entries) files.set(String(e.path), String(e.content));
    const sha = hash(JSON.stringify([...files]));
    gitObjects.trees.set(sha, files);
    const tree = [...files].map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: hash(text), size: text.length, url: `${repoUrl(s, i.base)}/git/blobs/${hash(text)}` }));
    return { status: 201, body: { sha, url: `${repoUrl(s, i.base)}/git/trees/${sha}`, truncated: false, tree } };
  },
  "POST /repos/{owner}/{repo}/git/commits": (s, i) => {
    const b = obj(i.body);
    const files = gitObjects.trees.get(String(b.tree));
    if (!files) return invalid("Tree SHA does not exist");
    const c: GitCommit = { parents: Array.isArray(b.parents) ? b.parents.map(String) : [], files, message: String(b.message) };
    const sha = hash(`${String(b.tree)}${c.parents.join()}${c.message}${gitObjects.commits.size}`);
    gitObjects.commits.set(sha, c);
    return { status: 201, body: commitBody(s, i.base, sha, c) };
  },
  "GET /repos/{owner}/{repo}/contents/{path}": (s, i) => {
    const ref = i.query.get("ref") ?? "heads/main";
    const sha = s.refs.get(`heads/${ref}`)?.sha ?? ref;
    const path = i.params.path ?? "";
    const text = gitObjects.commits.get(sha)?.files.get(path);
    if (text === undefined) return notFound;
    const url = `${repoUrl(s, i.base)}/contents/${path}`;
    const git = `${repoUrl(s, i.base)}/git/blobs/${hash(text)}`;
    const html = `https://github.invalid/${s.owner}/${s.repo}/blob/${ref}/${path}`;
    return {
      status: 200,
      body: { type: "file", encoding: "base64", size: text.length, name: path.split("/").at(-1), path, content: Buffer.from(text).toString("base64"), sha: hash(text), url, git_url: git, html_url: html, download_url: null, _links: { git, html, self: url } },
    };
  },
  "GET /repos/{owner}/{repo}/pulls": (s, i) => {
    const state = i.query.get("state") ?? "open";
    const head = (i.query.get("head") ?? "").split(":").at(-1);
    const list = s.pulls.filter((p) => (state === "all" || p.state === state) && (!head || p.head === head));
    return { status: 200, body: list.map((p) => pullBody(s.owner, s.repo, p)) };
  },
  "POST /repos/{owner}/{repo}/pulls": (s, i) => {
    const b = obj(i.body);
    const head = String(b.head);
    if (!s.refs.has(`heads/${head}`)) return invalid("Validation Failed", [{ resource: "PullRequest", field: "head", code: "invalid" }]);
    const number = pullNumber(s);
    const p = { number, title: String(b.title), body: String(b.body ?? ""), labels: [], state: "open" as const, commits: [], head, base: String(b.base), author: "github-actions[bot]" };
    s.pulls.push(p);
    s.issues.push({ number, title: p.title, body: p.body, labels: [], state: "open", stateReason: null, comments: [] });
    return { status: 201, body: fullPull(s, p) };
  },
  "PATCH /repos/{owner}/{repo}/pulls/{pull_number}": (s, i) => {
    const p = s.pulls.find((x) => x.number === Number(i.params.pull_number));
    if (!p) return notFound;
    const b = obj(i.body);
    if (typeof b.title === "string") p.title = b.title;
    if (typeof b.body === "string") p.body = b.body;
    if (b.state === "open" || b.state === "closed") p.state = b.state;
    return { status: 200, body: fullPull(s, p) };
  },
  "POST /repos/{owner}/{repo}/issues/{issue_number}/labels": (s, i) => {
    const n = Number(i.params.issue_number);
    const issue = s.issues.find((x) => x.number === n);
    if (!issue) return notFound;
    const b = obj(i.body);
    const add = Array.isArray(b.labels) ? b.labels.map(String) : [];
    issue.labels = [...new Set([...issue.labels, ...add])];
    const pull = s.pulls.find((x) => x.number === n);
    if (pull) pull.labels = issue.labels;
    return { status: 200, body: labelsBody(s, i.base, issue.labels) };
  },
  "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}": (s, i) => {
    const n = Number(i.params.issue_number);
    const issue = s.issues.find((x) => x.number === n);
    // GitHub answers 404 for a label the issue does not carry.
    if (!issue?.labels.includes(i.params.name ?? "")) return notFound;
    issue.labels = issue.labels.filter((l) => l !== i.params.name);
    const pull = s.pulls.find((x) => x.number === n);
    if (pull) pull.labels = issue.labels;
    return { status: 200, body: labelsBody(s, i.base, issue.labels) };
  },
};

