import { createHash } from "node:crypto";
import type { FakeGitlabState, FakeNote, FakeRelease } from "./state.ts";
import { bad, notFound, stamp, str, user, type Answer, type Handler } from "./handler-kit.ts";
import { deploymentHandlers } from "./deployment-handlers.ts";
import { repositoryHandlers } from "./repository-handlers.ts";
import { mergeRequestHandlers } from "./merge-request-handlers.ts";

export type { Answer, Handler, HandlerInput } from "./handler-kit.ts";
let nextId = 500;

const noteBody = (s: FakeGitlabState, n: FakeNote) => ({ id: n.id, body: n.body, system: n.system, created_at: n.created_at, updated_at: n.updated_at ?? n.created_at, author: user(n.username, s.users.get(n.username) ?? 0), noteable_type: "Issue" });

/** Every generic package file, wherever the fake keeps it, with its size and digest. */
function packageFiles(s: FakeGitlabState): [string, { size: number; sha256: string }][] {
  const small = [...s.packages].map(([k, b]): [string, { size: number; sha256: string }] => [k, { size: b.length, sha256: createHash("sha256").update(b).digest("hex") }]);
  return [...small, ...s.spooledPackages];
}

function releaseBody(s: FakeGitlabState, r: FakeRelease, base: string) {
  const commit = s.tags.get(r.tag)?.commit ?? "";
  return {
    tag_name: r.tag,
    name: r.name,
    description: r.description,
    created_at: r.created_at,
    released_at: r.created_at,
    upcoming_release: false,
    author: user("relm-bot", 1),
    commit: { id: commit, short_id: commit.slice(0, 8) },
    milestones: r.milestones.map((title, i) => ({ id: i + 1, iid: i + 1, title, state: "active" })),
    assets: { count: r.links.length, sources: [], links: r.links.map((l) => ({ ...l, direct_asset_url: l.url, external: true })) },
    _links: { self: `${base.replace(/\/api\/v4$/, "")}/${s.projectPath}/-/releases/${encodeURIComponent(r.tag)}` },
  };
}

function linkType(v: unknown): string | Answer {
  const t = str(v) ?? "other";
  return ["other", "runbook", "image", "package"].includes(t) ? t : bad("link_type does not have a valid value");
}

export const handlers: Record<string, Handler> = {
  ...deploymentHandlers,
  ...repositoryHandlers,
  ...mergeRequestHandlers,
  "show-tag": (s, { params }) => {
    const t = s.tags.get(params.tag_name ?? "");
    if (!t) return notFound("Tag");
    return { status: 200, body: { name: t.name, message: t.message, target: createHash("sha1").update(t.name).digest("hex"), commit: { id: t.commit, short_id: t.commit.slice(0, 8) }, release: null, protected: false } };
  },
  "create-tag": (s, { args }) => {
    const name = str(args.tag_name) ?? "";
    const ref = str(args.ref) ?? "";
    if (!/^[0-9a-f]{40}$/.test(ref)) return bad("Target ref is invalid");
    if (s.tags.has(name)) return bad(`Tag ${name} already exists`);
    s.tags.set(name, { name, commit: ref, message: str(args.message) ?? "" });
    const shown = handlers["show-tag"]!(s, { params: { tag_name: name }, args: {}, raw: Buffer.alloc(0), base: "" });
    return { ...shown, status: 201 };
  },
  "show-release": (s, { params, base }) => {
    const r = s.releases.get(params.tag_name ?? "");
    return r ? { status: 200, body: releaseBody(s, r, base) } : notFound("Release");
  },
  "create-release": (s, { args, base }) => {
    const tag = str(args.tag_name) ?? "";
    if (s.releases.has(tag)) return { status: 409, body: { message: "Release already exists" } };
    if (!s.tags.has(tag)) {
      const ref = str(args.ref);
      if (!ref) return bad("Ref is not specified");
      s.tags.set(tag, { name: tag, commit: ref, message: str(args.tag_message) ?? "" });
    }
    const milestones = Array.isArray(args.milestones) ? args.milestones.map(String) : [];
    const unknown = milestones.filter((m) => !s.milestones.has(m));
    if (unknown.length > 0) return bad(`Milestone(s) not found: ${unknown.join(", ")}`);
    const r: FakeRelease = { tag, name: str(args.name) ?? tag, description: str(args.description) ?? "", milestones, links: [], created_at: stamp() };
    s.releases.set(tag, r);
    return { status: 201, body: releaseBody(s, r, base) };
  },
  "update-release": (s, { params, args, base }) => {
    const r = s.releases.get(params.tag_name ?? "");
    if (!r) return notFound("Release");
    if (args.name !== undefined) r.name = str(args.name) ?? r.name;
    if (args.description !== undefined) r.description = str(args.description) ?? r.description;
    if (Array.isArray(args.milestones)) {
      const unknown = args.milestones.map(String).filter((m) => !s.milestones.has(m));
      if (unknown.length > 0) return bad(`Milestone(s) not found: ${unknown.join(", ")}`);
      r.milestones = args.milestones.map(String);
    }
    return { status: 200, body: releaseBody(s, r, base) };
  },
  "list-release-links": (s, { params }) => {
    const r = s.releases.get(params.tag_name ?? "");
    return r ? { status: 200, body: r.links.map((l) => ({ ...l, direct_asset_url: l.url, external: true })) } : notFound("Release");
  },
  "create-release-link": (s, { params, args }) => {
    const r = s.releases.get(params.tag_name ?? "");
    if (!r) return notFound("Release");
    const name = str(args.name) ?? "";
    const url = str(args.url) ?? "";
    if (r.links.some((l) => l.name === name)) return bad("name has already been taken");
    if (r.links.some((l) => l.url === url)) return bad("url has already been taken");
    const type = linkType(args.link_type);
    if (typeof type !== "string") return type;
    const link = { id: ++nextId, name, url, link_type: type };
    r.links.push(link);
    return { status: 201, body: { ...link, direct_asset_url: url, external: true } };
  },
  "update-release-link": (s, { params, args }) => {
    const link = s.releases.get(params.tag_name ?? "")?.links.find((l) => String(l.id) === params.link_id);
    if (!link) return notFound("Link");
    if (args.url !== undefined) link.url = str(args.url) ?? link.url;
    if (args.name !== undefined) link.name = str(args.name) ?? link.name;
    if (args.link_type !== undefined) {
      const type = linkType(args.link_type);
      if (typeof type !== "string") return type;
      link.link_type = type;
    }
    return { status: 200, body: { ...link, direct_asset_url: link.url, external: true } };
  },
  "list-pipelines": (s, { args }) => {
    const sha = str(args.sha);
    const list = s.pipelines.filter((p) => sha === undefined || p.sha === sha).sort((a, b) => b.id - a.id);
    return { status: 200, body: list.map((p) => ({ id: p.id, iid: p.id, project_id: 42, sha: p.sha, ref: p.ref, status: p.status, source: "push", created_at: stamp(), updated_at: stamp(), web_url: `https://gitlab.invalid/acme/app/-/pipelines/${p.id}` })) };
  },
  "list-commit-statuses": (s, { params }) => ({
    status: 200,
    body: s.statuses.filter((st) => st.sha === params.sha).map((st) => ({
      id: st.id, sha: st.sha, ref: "main", status: st.status, name: st.name, target_url: st.target_url ?? null, description: null,
      created_at: stamp(), started_at: null, finished_at: null, allow_failure: st.allow_failure ?? false, coverage: null, author: user("ci", 2),
    })),
  }),
  "list-freeze-periods": (s) => ({ status: 200, body: s.freezePeriods.map((f) => ({ ...f, created_at: stamp(), updated_at: stamp() })) }),
  "show-job": (s, { params }) => {
    const j = s.jobs.get(Number(params.job_id));
    if (!j) return notFound("Job");
    return {
      status: 200,
      body: { id: j.id, name: j.name, status: j.status, stage: "release", ref: "main", tag: false, started_at: j.started_at ?? null, finished_at: null, web_url: `https://gitlab.invalid/acme/app/-/jobs/${j.id}`, user: j.username ? user(j.username, s.users.get(j.username) ?? 0) : null, ...(j.sha ? { commit: { id: j.sha, short_id: j.sha.slice(0, 8) } } : {}) },
    };
  },
  "list-users": (s, { args }) => {
    const name = str(args.username);
    // `search` as docs.gitlab.com/api/users describes it: part of a name or username, or a public e-mail exactly.
    const search = str(args.search)?.toLowerCase();
    const found = (u: string) =>
      search === undefined || u.toLowerCase().includes(search) || s.publicEmails.get(u)?.toLowerCase() === search;
    const list = [...s.users].filter(([u]) => (name === undefined || u.toLowerCase() === name.toLowerCase()) && found(u));
    return { status: 200, body: list.map(([u, id]) => user(u, id)) };
  },
  "show-group-member-all": (s, { params }) => {
    const level = s.groupMembers.get(params.id ?? "")?.get(Number(params.user_id));
    if (level === undefined) return notFound("Member");
    const username = [...s.users].find(([, id]) => id === Number(params.user_id))?.[0] ?? "unknown";
    return { status: 200, body: { ...user(username, Number(params.user_id)), access_level: level, expires_at: null } };
  },
  "list-issue-notes": (s, { params }) => {
    const notes = s.issueNotes.get(Number(params.issue_iid));
    if (!notes) return notFound("Issue");
    return { status: 200, body: notes.map((n) => noteBody(s, n)) };
  },
  "create-issue-note": (s, { params, args }) => {
    const notes = s.issueNotes.get(Number(params.issue_iid));
    if (!notes) return notFound("Issue");
    const body = str(args.body) ?? "";
    if (body === "") return bad("Note can't be blank");
    const now = new Date().toISOString();
    const note = { id: Math.max(1000, ...notes.map((n) => n.id)) + 1, body, system: false, created_at: now, username: s.tokenUser };
    notes.push(note);
    return { status: 201, body: noteBody(s, note) };
  },
  "current-user": (s) => (s.tokenUser === "" ? { status: 401, body: { message: "401 Unauthorized" } } : { status: 200, body: user(s.tokenUser, s.users.get(s.tokenUser) ?? 999) }),
  "publish-generic-package": (s, { params, args, raw, spooled }) => {
    const key = `${params.package_name}/${params.package_version}/${params.file_name}`;
    // As GitLab's Packages::Generic::CreatePackageFileService: a file name already in the version is refused, nothing stored.
    if (!s.genericDuplicatesAllowed && (s.packages.has(key) || s.spooledPackages.has(key))) return bad("400 Bad request - Duplicate package is not allowed");
    // GitLab serves the newest file of a name; the fake keeps just that one.
    if (spooled) {
      s.packages.delete(key);
      s.spooledPackages.set(key, spooled);
    } else {
      s.spooledPackages.delete(key);
      s.packages.set(key, raw);
    }
    if (str(args.select) === "package_file") {
      const size = spooled?.size ?? raw.length;
      const sha256 = spooled?.sha256 ?? createHash("sha256").update(raw).digest("hex");
      return { status: 201, body: { id: ++nextId, package_id: 1, file_name: params.file_name, size, file_sha256: sha256, created_at: stamp() } };
    }
    return { status: 201, body: { message: "201 Created" } };
  },
  "list-packages": (s, { args }) => {
    const versions = [...new Set(packageFiles(s).map(([k]) => k.split("/").slice(0, 2).join("/")))].sort();
    const list = versions
      .map((v, i) => ({ id: i + 1, name: v.split("/")[0] ?? "", version: v.split("/")[1] ?? "", package_type: "generic", status: "default", created_at: stamp() }))
      .filter((p) => args.package_name === undefined || p.name === str(args.package_name));
    return { status: 200, body: list };
  },
  "list-package-files": (s, { params }) => {
    const all = packageFiles(s);
    const versions = [...new Set(all.map(([k]) => k.split("/").slice(0, 2).join("/")))].sort();
    const v = versions[Number(params.package_id) - 1];
    if (!v) return notFound("Package");
    const files = all.filter(([k]) => k.startsWith(`${v}/`));
    return { status: 200, body: files.map(([k, f], i) => ({ id: i + 1, package_id: Number(params.package_id), file_name: k.split("/")[2], size: f.size, file_sha256: f.sha256, created_at: stamp() })) };
  },
  "download-generic-package": (s, { params }) => {
    const key = `${params.package_name}/${params.package_version}/${params.file_name}`;
    const bytes = s.packages.get(key);
    const file = s.spooledPackages.get(key);
    return bytes ? { status: 200, binary: bytes } : file ? { status: 200, file } : notFound("Package");
  },
};
