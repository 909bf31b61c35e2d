import { createHash } from "node:crypto";
import * as o from "./objects.ts";
import { pullBody, pullsOfCommit } from "./pull-objects.ts";
import { commitHandlers } from "./commit-handlers.ts";
import { deploymentHandlers } from "./deployment-handlers.ts";
import { closeEmptyPulls, gitDataHandlers } from "./git-data-handlers.ts";
import { invalid, notFound, obj, repoUrl, type Answer, type Handler, type HandlerInput } from "./handler-kit.ts";
import type { FakeState } from "./state.ts";

export type { Answer, Handler, HandlerInput } from "./handler-kit.ts";

function refBody(s: FakeState, base: string, name: string): Record<string, unknown> {
  const target = s.refs.get(name);
  if (!target) throw new Error(`no ref ${name}`);
  return {
    ref: `refs/${name}`,
    node_id: `REF_${name}`,
    url: `${repoUrl(s, base)}/git/refs/${name}`,
    object: { type: target.type, sha: target.sha, url: `${repoUrl(s, base)}/git/${target.type}s/${target.sha}` },
  };
}

function tagBody(s: FakeState, base: string, sha: string): Record<string, unknown> {
  const t = s.tagObjects.get(sha);
  if (!t) throw new Error(`no tag object ${sha}`);
  return {
    node_id: `TAG_${sha.slice(0, 8)}`,
    tag: t.tag,
    sha,
    url: `${repoUrl(s, base)}/git/tags/${sha}`,
    message: t.message,
    tagger: { date: o.now(), email: "actions@github.invalid", name: "github-actions[bot]" },
    object: { sha: t.object.sha, type: t.object.type, url: `${repoUrl(s, base)}/git/commits/${t.object.sha}` },
    verification: { verified: false, reason: "unsigned", payload: null, signature: null, verified_at: null },
  };
}

/**
 * One page of a list, as GitHub pages it: `per_page` (default 30) and `page` (default 1), with a
 * `Link: <...>; rel="next"` header while more follow, so a client that ignores paging misses items.
 */
function paged<T>(list: readonly T[], i: HandlerInput, body: (item: T) => unknown): Answer {
  const perPage = Number(i.query.get("per_page") ?? 30);
  const page = Number(i.query.get("page") ?? 1);
  const answer: Answer = { status: 200, body: list.slice((page - 1) * perPage, page * perPage).map(body) };
  if (page * perPage < list.length) {
    const next = new URLSearchParams(i.query);
    next.set("page", String(page + 1));
    answer.headers = { link: `<${new URL(i.base).origin}${i.path}?${next.toString()}>; rel="next"` };
  }
  return answer;
}

const release = (s: FakeState, i: HandlerInput, id: number) => s.releases.find((r) => r.id === id);

export const handlers: Record<string, Handler> = {
  ...deploymentHandlers,
  ...gitDataHandlers,
  ...commitHandlers,

  "GET /repos/{owner}/{repo}/git/ref/{ref}": (s, i) => (s.refs.has(i.params.ref ?? "") ? { status: 200, body: refBody(s, i.base, i.params.ref ?? "") } : notFound),

  "POST /repos/{owner}/{repo}/git/refs": (s, i) => {
    const b = obj(i.body);
    const full = String(b.ref);
    if (!full.startsWith("refs/") || full.split("/").length < 3) return invalid("Reference name must start with 'refs/' and have at least two slashes.");
    const name = full.slice("refs/".length);
    if (s.refs.has(name)) return invalid("Reference already exists");
    const sha = String(b.sha);
    const type = s.tagObjects.has(sha) ? "tag" : "commit";
    if (type === "commit" && s.commits && !s.commits.has(sha)) return invalid("Object does not exist");
    s.refs.set(name, { type, sha });
    return { status: 201, body: refBody(s, i.base, name) };
  },

  "PATCH /repos/{owner}/{repo}/git/refs/{ref}": (s, i) => {
    const name = i.params.ref ?? "";
    if (!s.refs.has(name)) return invalid("Reference does not exist");
    const sha = String(obj(i.body).sha);
    if (s.commits && !s.commits.has(sha) && !s.tagObjects.has(sha)) return invalid("Object does not exist");
    s.refs.set(name, { type: s.tagObjects.has(sha) ? "tag" : "commit", sha });
    closeEmptyPulls(s, name);
    return { status: 200, body: refBody(s, i.base, name) };
  },

  "DELETE /repos/{owner}/{repo}/git/refs/{ref}": (s, i) => {
    const name = i.params.ref ?? "";
    if (!s.refs.delete(name)) return invalid("Reference does not exist");
    closeEmptyPulls(s, name);
    return { status: 204 };
  },

  "POST /repos/{owner}/{repo}/git/tags": (s, i) => {
    const b = obj(i.body);
    const target = String(b.object);
    if (s.commits && !s.commits.has(target)) return invalid("Object does not exist");
    const sha = createHash("sha1").update(`${String(b.tag)}\n${target}\n${String(b.message)}\n${s.tagObjects.size}`).digest("hex");
    s.tagObjects.set(sha, { sha, tag: String(b.tag), message: String(b.message), object: { sha: target, type: String(b.type) } });
    return { status: 201, body: tagBody(s, i.base, sha) };
  },

  "GET /repos/{owner}/{repo}/git/tags/{tag_sha}": (s, i) => (s.tagObjects.has(i.params.tag_sha ?? "") ? { status: 200, body: tagBody(s, i.base, i.params.tag_sha ?? "") } : notFound),

  "GET /repos/{owner}/{repo}/releases": (s, i) => paged([...s.releases].reverse(), i, (r) => o.releaseBody(repoUrl(s, i.base), r)),

  "POST /repos/{owner}/{repo}/releases": (s, i) => {
    const b = obj(i.body);
    const tag = String(b.tag_name);
    if (s.releases.some((r) => r.tag === tag)) return invalid("Validation Failed", [{ resource: "Release", code: "already_exists", field: "tag_name" }]);
    const draft = b.draft === true;
    // GitHub would tag the default branch's head here: a release published before its tag is a relm bug.
    if (!draft && !s.refs.has(`tags/${tag}`)) return invalid("Validation Failed", [{ resource: "Release", code: "custom", message: "fake: release published before its tag exists" }]);
    const r: o.Release = {
      id: o.newId(),
      tag,
      name: typeof b.name === "string" ? b.name : null,
      body: typeof b.body === "string" ? b.body : null,
      draft,
      prerelease: b.prerelease === true,
      makeLatest: typeof b.make_latest === "string" ? b.make_latest : undefined,
      target: typeof b.target_commitish === "string" ? b.target_commitish : "main",
      createdAt: o.now(),
      assets: [],
    };
    s.releases.push(r);
    return { status: 201, body: o.releaseBody(repoUrl(s, i.base), r) };
  },

  "GET /repos/{owner}/{repo}/releases/tags/{tag}": (s, i) => {
    const r = s.releases.find((x) => x.tag === i.params.tag && !x.draft);
    return r ? { status: 200, body: o.releaseBody(repoUrl(s, i.base), r) } : notFound;
  },

  "PATCH /repos/{owner}/{repo}/releases/{release_id}": (s, i) => {
    const r = release(s, i, Number(i.params.release_id));
    if (!r) return notFound;
    const b = obj(i.body);
    if (typeof b.tag_name === "string") r.tag = b.tag_name;
    if (typeof b.name === "string") r.name = b.name;
    if (typeof b.body === "string") r.body = b.body;
    if (typeof b.draft === "boolean") r.draft = b.draft;
    if (typeof b.prerelease === "boolean") r.prerelease = b.prerelease;
    if (typeof b.make_latest === "string") r.makeLatest = b.make_latest;
    if (!r.draft && !s.refs.has(`tags/${r.tag}`)) return invalid("Validation Failed", [{ resource: "Release", code: "custom", message: "fake: release published before its tag exists" }]);
    return { status: 200, body: o.releaseBody(repoUrl(s, i.base), r) };
  },

  "GET /repos/{owner}/{repo}/releases/{release_id}/assets": (s, i) => {
    const r = release(s, i, Number(i.params.release_id));
    return r ? paged(r.assets, i, (a) => o.assetBody(repoUrl(s, i.base), a)) : notFound;
  },

  "POST /repos/{owner}/{repo}/releases/{release_id}/assets": (s, i) => {
    const r = release(s, i, Number(i.params.release_id));
    if (!r) return notFound;
    const name = i.query.get("name") ?? "";
    if (r.assets.some((a) => a.name === name)) return invalid("Validation Failed", [{ resource: "ReleaseAsset", code: "already_exists", field: "name" }]);
    const contentType = String(i.headers["content-type"] ?? "application/octet-stream");
    const a: o.Asset = { id: o.newId(), name, contentType, data: i.raw, label: i.query.get("label"), createdAt: o.now() };
    r.assets.push(a);
    return { status: 201, body: o.assetBody(repoUrl(s, i.base), a) };
  },

  "GET /repos/{owner}/{repo}/releases/assets/{asset_id}": (s, i) => {
    const id = Number(i.params.asset_id);
    const a = s.releases.flatMap((r) => r.assets).find((x) => x.id === id);
    if (!a) return notFound;
    if (String(i.headers.accept ?? "").includes("application/octet-stream")) return { status: 200, binary: a.data };
    return { status: 200, body: o.assetBody(repoUrl(s, i.base), a) };
  },

  "DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}": (s, i) => {
    const id = Number(i.params.asset_id);
    for (const r of s.releases) {
      const at = r.assets.findIndex((a) => a.id === id);
      if (at >= 0) {
        r.assets.splice(at, 1);
        return { status: 204 };
      }
    }
    return notFound;
  },

  "GET /repos/{owner}/{repo}/commits/{ref}/check-runs": (s, i) => {
    const runs = (s.checkRuns.get(i.params.ref ?? "") ?? []).map((c, n) => o.checkRunBody(repoUrl(s, i.base), i.params.ref ?? "", c, n + 1));
    return { status: 200, body: { total_count: runs.length, check_runs: runs } };
  },

  "GET /repos/{owner}/{repo}/commits/{ref}/status": (s, i) => {
    const list = s.statuses.get(i.params.ref ?? "") ?? [];
    const state = list.some((x) => x.state === "failure" || x.state === "error") ? "failure" : list.some((x) => x.state === "pending") || list.length === 0 ? "pending" : "success";
    return {
      status: 200,
      body: {
        state,
        sha: i.params.ref,
        total_count: list.length,
        statuses: list.map((x, n) => o.statusBody(repoUrl(s, i.base), x, n + 1)),
        repository: o.repository(s.owner, s.repo),
        commit_url: `${repoUrl(s, i.base)}/commits/${i.params.ref ?? ""}`,
        url: `${repoUrl(s, i.base)}/commits/${i.params.ref ?? ""}/status`,
      },
    };
  },

  "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals": (s, i) => ({
    status: 200,
    body: (s.runApprovals.get(i.params.run_id ?? "") ?? []).map((a) => ({
      environments: [{ id: 1, node_id: "E_1", name: a.environment, url: `${repoUrl(s, i.base)}/environments/${a.environment}`, html_url: "https://github.invalid/env", created_at: o.now(), updated_at: o.now() }],
      state: a.state,
      user: o.user(a.user),
      comment: a.comment,
    })),
  }),

  "GET /orgs/{org}/teams/{team_slug}/memberships/{username}": (s, i) => {
    const members = s.teams.get(`${i.params.org ?? ""}/${i.params.team_slug ?? ""}`);
    if (!members?.has(i.params.username ?? "")) return notFound;
    return { status: 200, body: { url: `${i.base}/orgs/${i.params.org ?? ""}/teams/${i.params.team_slug ?? ""}/memberships/${i.params.username ?? ""}`, role: "member", state: "active" } };
  },

  "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls": (s, i) => paged(pullsOfCommit(s.pulls, i.params.commit_sha ?? ""), i, (p) => pullBody(s.owner, s.repo, p)),

  "GET /repos/{owner}/{repo}/issues": (s, i) => {
    const state = i.query.get("state") ?? "open";
    const labels = (i.query.get("labels") ?? "").split(",").filter(Boolean);
    const list = s.issues.filter((x) => (state === "all" || x.state === state) && labels.every((l) => x.labels.includes(l))).reverse();
    return paged(list, i, (x) => o.issueBody(repoUrl(s, i.base), x));
  },

  "POST /repos/{owner}/{repo}/issues": (s, i) => {
    const b = obj(i.body);
    const issue: o.Issue = {
      number: s.issues.length + 1,
      title: String(b.title),
      body: typeof b.body === "string" ? b.body : "",
      labels: Array.isArray(b.labels) ? b.labels.map(String) : [],
      state: "open",
      stateReason: null,
      comments: [],
    };
    s.issues.push(issue);
    return { status: 201, body: o.issueBody(repoUrl(s, i.base), issue) };
  },

  "PATCH /repos/{owner}/{repo}/issues/{issue_number}": (s, i) => {
    const issue = s.issues.find((x) => x.number === Number(i.params.issue_number));
    if (!issue) return notFound;
    const b = obj(i.body);
    if (b.state === "open" || b.state === "closed") issue.state = b.state;
    if (typeof b.state_reason === "string") issue.stateReason = b.state_reason;
    if (typeof b.body === "string") issue.body = b.body;
    return { status: 200, body: o.issueBody(repoUrl(s, i.base), issue) };
  },

  "GET /repos/{owner}/{repo}/issues/{issue_number}/comments": (s, i) => {
    const issue = s.issues.find((x) => x.number === Number(i.params.issue_number));
    if (!issue) return notFound;
    return paged(issue.comments, i, (c) => o.commentBody(repoUrl(s, i.base), issue.number, c));
  },

  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": (s, i) => {
    const issue = s.issues.find((x) => x.number === Number(i.params.issue_number));
    if (!issue) return notFound;
    const c = { id: o.newId(), user: "github-actions[bot]", body: String(obj(i.body).body), createdAt: o.now() };
    issue.comments.push(c);
    return { status: 201, body: o.commentBody(repoUrl(s, i.base), issue.number, c) };
  },
};
