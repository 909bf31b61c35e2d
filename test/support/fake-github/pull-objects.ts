// Pull requests as GitHub's "pull-request-simple" schema describes them, for the commits/{sha}/pulls
// list a push run reads its merged pull request's labels from.
import { API, repository, user } from "./objects.ts";

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  /** The commit the merge made on the base branch; undefined while unmerged. */
  mergeCommit?: string;
  /** The commits of its head branch (all of them are "associated" with it). */
  commits: string[];
  head: string;
  base: string;
  author: string;
}

/** The full repository object a pull request's head and base carry. */
function fullRepository(owner: string, name: string): Record<string, unknown> {
  const repo = repository(owner, name);
  const url = String(repo.url);
  return {
    ...repo,
    clone_url: `https://github.invalid/${owner}/${name}.git`,
    git_url: `git://github.invalid/${owner}/${name}.git`,
    ssh_url: `git@github.invalid:${owner}/${name}.git`,
    svn_url: `https://github.invalid/${owner}/${name}`,
    mirror_url: null,
    homepage: null,
    language: "TypeScript",
    default_branch: "main",
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    size: 1,
    has_downloads: true,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: "2026-01-01T00:00:00Z",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    url,
  };
}

export function pullBody(owner: string, name: string, p: PullRequest): Record<string, unknown> {
  const repoUrl = `${API}/repos/${owner}/${name}`;
  const url = `${repoUrl}/pulls/${p.number}`;
  const html = `https://github.invalid/${owner}/${name}/pull/${p.number}`;
  const ref = (branch: string, sha: string) => ({ label: `${owner}:${branch}`, ref: branch, sha, user: user(owner), repo: fullRepository(owner, name) });
  const link = (href: string) => ({ href });
  const merged = p.mergeCommit !== undefined;
  return {
    url,
    id: 700000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl}/issues/${p.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl}/pulls/comments{/number}`,
    comments_url: `${repoUrl}/issues/${p.number}/comments`,
    statuses_url: `${repoUrl}/statuses/${p.commits.at(-1) ?? ""}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: user(p.author),
    body: p.body,
    labels: p.labels.map((l, i) => ({ id: 900 + i, node_id: `L_${i}`, url: `${repoUrl}/labels/${encodeURIComponent(l)}`, name: l, description: "", color: "ededed", default: false })),
    milestone: null,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    closed_at: merged ? "2026-01-02T00:00:00Z" : null,
    merged_at: merged ? "2026-01-02T00:00:00Z" : null,
    merge_commit_sha: p.mergeCommit ?? null,
    assignee: null,
    head: ref(p.head, p.commits.at(-1) ?? ""),
    base: ref(p.base, p.mergeCommit ?? ""),
    _links: { self: link(url), html: link(html), issue: link(`${repoUrl}/issues/${p.number}`), comments: link(`${repoUrl}/issues/${p.number}/comments`), review_comments: link(`${url}/comments`), review_comment: link(`${repoUrl}/pulls/comments{/number}`), commits: link(`${url}/commits`), statuses: link(`${repoUrl}/statuses/${p.commits.at(-1) ?? ""}`) },
    author_association: "MEMBER",
    auto_merge: null,
    draft: false,
  };
}

/** What GitHub lists for a commit: merged pull requests whose merge made it, and those whose branch has it. */
export function pullsOfCommit(pulls: readonly PullRequest[], sha: string): PullRequest[] {
  return pulls.filter((p) => p.mergeCommit === sha || p.commits.includes(sha));
}
