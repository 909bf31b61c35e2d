// Answer bodies with every field GitHub's description requires, so the fake answers as GitHub does.
export const API = "http://fake.github.invalid";

let nextId = 1000;
export const newId = (): number => ++nextId;
export const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export function user(login: string): Record<string, unknown> {
  const url = `${API}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: login.length * 7919,
    node_id: `U_${login}`,
    avatar_url: `${url}/avatar`,
    gravatar_id: "",
    url,
    html_url: `https://github.invalid/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
  };
}

const repoUrlFields = [
  "archive_url", "assignees_url", "blobs_url", "branches_url", "collaborators_url", "comments_url", "commits_url",
  "compare_url", "contents_url", "contributors_url", "deployments_url", "downloads_url", "events_url", "forks_url",
  "git_commits_url", "git_refs_url", "git_tags_url", "hooks_url", "issue_comment_url", "issue_events_url", "issues_url",
  "keys_url", "labels_url", "languages_url", "merges_url", "milestones_url", "notifications_url", "pulls_url",
  "releases_url", "stargazers_url", "statuses_url", "subscribers_url", "subscription_url", "tags_url", "teams_url", "trees_url",
];

export function repository(owner: string, name: string): Record<string, unknown> {
  const url = `${API}/repos/${owner}/${name}`;
  const out: Record<string, unknown> = {
    id: 4242,
    node_id: "R_relm",
    name,
    full_name: `${owner}/${name}`,
    owner: user(owner),
    private: false,
    fork: false,
    description: null,
    html_url: `https://github.invalid/${owner}/${name}`,
    url,
  };
  for (const f of repoUrlFields) out[f] = `${url}/${f.replace(/_url$/, "")}`;
  return out;
}

export interface Asset {
  id: number;
  name: string;
  contentType: string;
  data: Buffer;
  label: string | null;
  createdAt: string;
}

export function assetBody(repoUrl: string, a: Asset): Record<string, unknown> {
  return {
    url: `${repoUrl}/releases/assets/${a.id}`,
    browser_download_url: `https://github.invalid/download/${a.id}/${a.name}`,
    id: a.id,
    node_id: `RA_${a.id}`,
    name: a.name,
    label: a.label,
    state: "uploaded",
    content_type: a.contentType,
    size: a.data.length,
    digest: null,
    download_count: 0,
    created_at: a.createdAt,
    updated_at: a.createdAt,
    uploader: user("github-actions[bot]"),
  };
}

export interface Release {
  id: number;
  tag: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  makeLatest: string | undefined;
  target: string;
  createdAt: string;
  assets: Asset[];
}

export function releaseBody(repoUrl: string, r: Release): Record<string, unknown> {
  return {
    url: `${repoUrl}/releases/${r.id}`,
    html_url: `https://github.invalid/releases/tag/${encodeURIComponent(r.tag)}`,
    assets_url: `${repoUrl}/releases/${r.id}/assets`,
    // Uploads go to the same fake (GitHub uses uploads.github.com).
    upload_url: `${repoUrl}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${repoUrl}/tarball/${r.tag}`,
    zipball_url: `${repoUrl}/zipball/${r.tag}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag,
    target_commitish: r.target,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    created_at: r.createdAt,
    published_at: r.draft ? null : r.createdAt,
    author: user("github-actions[bot]"),
    assets: r.assets.map((a) => assetBody(repoUrl, a)),
  };
}

export interface CheckRun {
  name: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
}

export function checkRunBody(repoUrl: string, sha: string, c: CheckRun, id: number): Record<string, unknown> {
  return {
    id,
    node_id: `CR_${id}`,
    head_sha: sha,
    external_id: "",
    url: `${repoUrl}/check-runs/${id}`,
    html_url: `https://github.invalid/runs/${id}`,
    details_url: null,
    status: c.status,
    conclusion: c.conclusion,
    started_at: now(),
    completed_at: c.status === "completed" ? now() : null,
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${repoUrl}/check-runs/${id}/annotations` },
    name: c.name,
    check_suite: { id: 1 },
    app: null,
    pull_requests: [],
  };
}

export interface Status {
  context: string;
  state: "error" | "failure" | "pending" | "success";
}

export function statusBody(repoUrl: string, s: Status, id: number): Record<string, unknown> {
  return {
    url: `${repoUrl}/statuses/${id}`,
    avatar_url: null,
    id,
    node_id: `S_${id}`,
    state: s.state,
    description: null,
    target_url: null,
    context: s.context,
    created_at: now(),
    updated_at: now(),
  };
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  payload: Record<string, unknown>;
  createdAt: string;
  description?: string | null;
  statuses: DeploymentStatus[];
}

export interface DeploymentStatus {
  state: string;
  createdAt: string;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
}

export function deploymentBody(repoUrl: string, d: Deployment): Record<string, unknown> {
  return {
    url: `${repoUrl}/deployments/${d.id}`,
    id: d.id,
    node_id: `D_${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: "deploy",
    payload: d.payload,
    environment: d.environment,
    description: d.description ?? null,
    creator: user("deployer"),
    created_at: d.createdAt,
    updated_at: d.createdAt,
    statuses_url: `${repoUrl}/deployments/${d.id}/statuses`,
    repository_url: repoUrl,
  };
}

export function deploymentStatusBody(repoUrl: string, d: Deployment, s: DeploymentStatus, i: number): Record<string, unknown> {
  return {
    url: `${repoUrl}/deployments/${d.id}/statuses/${i}`,
    id: d.id * 100 + i,
    node_id: `DS_${d.id}_${i}`,
    state: s.state,
    creator: user("deployer"),
    description: s.description ?? "",
    environment: d.environment,
    target_url: s.logUrl ?? "https://ci.invalid/deploy",
    ...(s.logUrl ? { log_url: s.logUrl } : {}),
    ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${repoUrl}/deployments/${d.id}`,
    repository_url: repoUrl,
  };
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  stateReason: string | null;
  comments: { id: number; user: string; body: string; createdAt: string; updatedAt?: string }[];
}

export function issueBody(repoUrl: string, i: Issue): Record<string, unknown> {
  const url = `${repoUrl}/issues/${i.number}`;
  return {
    id: i.number * 11,
    node_id: `I_${i.number}`,
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `https://github.invalid/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: user("github-actions[bot]"),
    labels: i.labels.map((name, n) => ({ id: n + 1, node_id: `L_${n}`, url: `${repoUrl}/labels/${name}`, name, description: null, color: "ededed", default: false })),
    assignee: null,
    milestone: null,
    locked: false,
    comments: i.comments.length,
    closed_at: i.state === "closed" ? now() : null,
    created_at: now(),
    updated_at: now(),
  };
}

export function commentBody(repoUrl: string, issueNumber: number, c: Issue["comments"][number]): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${repoUrl}/issues/comments/${c.id}`,
    html_url: `https://github.invalid/issues/${issueNumber}#issuecomment-${c.id}`,
    issue_url: `${repoUrl}/issues/${issueNumber}`,
    body: c.body,
    user: user(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt ?? c.createdAt,
    author_association: "MEMBER",
  };
}
