/**
 * The GitLab REST endpoints relm calls, as GitLab's API documentation describes them
 * (docs.gitlab.com/api/<page>): method, path, the parameters it takes (query string or body; GitLab
 * merges both), the status codes it answers, and whether CI_JOB_TOKEN may call it
 * (docs.gitlab.com/ci/jobs/ci_job_token). The fake server rejects any request that does not match.
 */
export interface RouteSpec {
  id: string;
  method: "GET" | "POST" | "PUT";
  path: string;
  required?: readonly string[];
  optional?: readonly string[];
  /** A list endpoint: accepts page and per_page. */
  paginated?: boolean;
  statuses: readonly number[];
  jobToken: boolean;
  doc: string;
}

const docs = "https://docs.gitlab.com/api";

export const routes: readonly RouteSpec[] = [
  { id: "show-tag", method: "GET", path: "/projects/:id/repository/tags/:tag_name", statuses: [200, 404], jobToken: false, doc: `${docs}/tags/#get-a-single-repository-tag` },
  {
    id: "create-tag", method: "POST", path: "/projects/:id/repository/tags", required: ["tag_name", "ref"], optional: ["message"],
    statuses: [201, 400, 403], jobToken: false, doc: `${docs}/tags/#create-a-new-tag`,
  },
  { id: "show-release", method: "GET", path: "/projects/:id/releases/:tag_name", optional: ["include_html_description"], statuses: [200, 404], jobToken: true, doc: `${docs}/releases/#get-a-release-by-a-tag-name` },
  {
    id: "create-release", method: "POST", path: "/projects/:id/releases", required: ["tag_name"],
    optional: ["name", "description", "ref", "tag_message", "milestones", "assets", "released_at"],
    statuses: [201, 400, 409, 422], jobToken: true, doc: `${docs}/releases/#create-a-release`,
  },
  {
    id: "update-release", method: "PUT", path: "/projects/:id/releases/:tag_name", optional: ["name", "description", "milestones", "released_at"],
    statuses: [200, 400, 404], jobToken: true, doc: `${docs}/releases/#update-a-release`,
  },
  { id: "list-release-links", method: "GET", path: "/projects/:id/releases/:tag_name/assets/links", paginated: true, statuses: [200, 404], jobToken: true, doc: `${docs}/releases/links/#list-links-of-a-release` },
  {
    id: "create-release-link", method: "POST", path: "/projects/:id/releases/:tag_name/assets/links", required: ["name", "url"],
    optional: ["direct_asset_path", "filepath", "link_type"], statuses: [201, 400, 404], jobToken: true, doc: `${docs}/releases/links/#create-a-release-link`,
  },
  {
    id: "update-release-link", method: "PUT", path: "/projects/:id/releases/:tag_name/assets/links/:link_id",
    optional: ["name", "url", "direct_asset_path", "filepath", "link_type"], statuses: [200, 400, 404], jobToken: true, doc: `${docs}/releases/links/#update-a-release-link`,
  },
  {
    id: "list-pipelines", method: "GET", path: "/projects/:id/pipelines", paginated: true,
    optional: ["scope", "status", "source", "ref", "sha", "yaml_errors", "username", "updated_after", "updated_before", "name", "order_by", "sort"],
    statuses: [200], jobToken: false, doc: `${docs}/pipelines/#list-project-pipelines`,
  },
  {
    id: "list-commit-statuses", method: "GET", path: "/projects/:id/repository/commits/:sha/statuses", paginated: true,
    optional: ["ref", "stage", "name", "pipeline_id", "order_by", "sort", "all"], statuses: [200, 404], jobToken: false, doc: `${docs}/commits/#list-the-statuses-of-a-commit`,
  },
  {
    id: "list-deployments", method: "GET", path: "/projects/:id/deployments", paginated: true,
    optional: ["order_by", "sort", "updated_after", "updated_before", "finished_after", "finished_before", "environment", "status"],
    statuses: [200, 400], jobToken: true, doc: `${docs}/deployments/#list-project-deployments`,
  },
  {
    id: "create-deployment", method: "POST", path: "/projects/:id/deployments", required: ["environment", "sha", "ref", "tag", "status"],
    statuses: [201, 400, 403], jobToken: true, doc: `${docs}/deployments/#create-a-deployment`,
  },
  {
    id: "update-deployment", method: "PUT", path: "/projects/:id/deployments/:deployment_id", required: ["status"],
    statuses: [200, 400, 403, 404], jobToken: true, doc: `${docs}/deployments/#update-a-deployment`,
  },
  { id: "show-deployment", method: "GET", path: "/projects/:id/deployments/:deployment_id", statuses: [200, 404], jobToken: true, doc: `${docs}/deployments/#get-a-specific-deployment` },
  { id: "list-freeze-periods", method: "GET", path: "/projects/:id/freeze_periods", paginated: true, statuses: [200], jobToken: false, doc: `${docs}/freeze_periods/#list-freeze-periods` },
  { id: "show-job", method: "GET", path: "/projects/:id/jobs/:job_id", statuses: [200, 404], jobToken: false, doc: `${docs}/jobs/#get-a-single-job` },
  { id: "list-users", method: "GET", path: "/users", paginated: true, optional: ["username", "search", "active"], statuses: [200], jobToken: false, doc: `${docs}/users/#list-users` },
  {
    id: "show-group-member-all", method: "GET", path: "/groups/:id/members/all/:user_id", statuses: [200, 404], jobToken: false,
    doc: `${docs}/members/#get-a-member-of-a-group-or-project-including-inherited-and-invited-members`,
  },
  {
    id: "list-issue-notes", method: "GET", path: "/projects/:id/issues/:issue_iid/notes", paginated: true, optional: ["sort", "order_by", "activity_filter"],
    statuses: [200, 404], jobToken: false, doc: `${docs}/notes/#list-project-issue-notes`,
  },
  {
    id: "create-issue-note", method: "POST", path: "/projects/:id/issues/:issue_iid/notes", required: ["body"], optional: ["confidential", "internal", "created_at"],
    statuses: [201, 400, 404], jobToken: false, doc: `${docs}/notes/#create-new-issue-note`,
  },
  { id: "current-user", method: "GET", path: "/user", statuses: [200, 401], jobToken: false, doc: `${docs}/users/#retrieve-the-current-user` },
  {
    id: "publish-generic-package", method: "PUT", path: "/projects/:id/packages/generic/:package_name/:package_version/:file_name", optional: ["status", "select"],
    statuses: [201, 400, 403], jobToken: true, doc: "https://docs.gitlab.com/user/packages/generic_packages/#publish-a-package",
  },
  {
    id: "list-packages", method: "GET", path: "/projects/:id/packages", paginated: true,
    optional: ["order_by", "sort", "package_type", "package_name", "package_version", "include_versionless", "status"],
    statuses: [200], jobToken: true, doc: `${docs}/packages/#for-a-project`,
  },
  { id: "list-package-files", method: "GET", path: "/projects/:id/packages/:package_id/package_files", paginated: true, optional: ["order_by", "sort"], statuses: [200, 404], jobToken: true, doc: `${docs}/packages/#list-package-files` },
  {
    id: "download-generic-package", method: "GET", path: "/projects/:id/packages/generic/:package_name/:package_version/:file_name",
    statuses: [200, 404], jobToken: true, doc: "https://docs.gitlab.com/user/packages/generic_packages/#download-a-package-file",
  },
  // relm pr: the release branch made through the API, and its merge request.
  { id: "show-branch", method: "GET", path: "/projects/:id/repository/branches/:branch", statuses: [200, 404], jobToken: false, doc: `${docs}/branches/#get-single-repository-branch` },
  { id: "show-commit", method: "GET", path: "/projects/:id/repository/commits/:sha", optional: ["stats"], statuses: [200, 404], jobToken: false, doc: `${docs}/commits/#get-a-single-commit` },
  {
    id: "get-raw-file", method: "GET", path: "/projects/:id/repository/files/:file_path/raw", optional: ["ref", "lfs"],
    statuses: [200, 404], jobToken: false, doc: `${docs}/repository_files/#get-raw-file-from-repository`,
  },
  {
    id: "create-commit", method: "POST", path: "/projects/:id/repository/commits", required: ["branch", "commit_message", "actions"],
    optional: ["start_branch", "start_sha", "start_project", "author_email", "author_name", "stats", "force"],
    statuses: [201, 400, 403, 404], jobToken: false, doc: `${docs}/commits/#create-a-commit-with-multiple-files-and-actions`,
  },
  {
    id: "list-merge-requests", method: "GET", path: "/projects/:id/merge_requests", paginated: true,
    optional: [
      "approved_by_ids", "approver_ids", "approved", "assignee_id", "author_id", "author_username", "created_after", "created_before", "deployed_after",
      "deployed_before", "environment", "iids", "in", "labels", "merge_user_id", "merge_user_username", "milestone", "my_reaction_emoji", "not",
      "order_by", "reviewer_id", "reviewer_username", "scope", "search", "sort", "source_branch", "state", "target_branch", "updated_after",
      "updated_before", "view", "with_labels_details", "with_merge_status_recheck", "wip",
    ],
    statuses: [200], jobToken: false, doc: `${docs}/merge_requests/#list-project-merge-requests`,
  },
  {
    id: "create-merge-request", method: "POST", path: "/projects/:id/merge_requests", required: ["source_branch", "target_branch", "title"],
    optional: [
      "allow_collaboration", "approvals_before_merge", "allow_maintainer_to_push", "assignee_id", "assignee_ids", "description", "labels",
      "merge_after", "milestone_id", "remove_source_branch", "reviewer_ids", "squash", "target_project_id",
    ],
    statuses: [201, 400, 403, 409], jobToken: false, doc: `${docs}/merge_requests/#create-mr`,
  },
  {
    id: "update-merge-request", method: "PUT", path: "/projects/:id/merge_requests/:merge_request_iid",
    optional: [
      "add_labels", "allow_collaboration", "allow_maintainer_to_push", "assignee_id", "assignee_ids", "description", "discussion_locked", "labels",
      "merge_after", "milestone_id", "remove_labels", "remove_source_branch", "reviewer_ids", "squash", "state_event", "target_branch", "title",
    ],
    statuses: [200, 400, 403, 404], jobToken: false, doc: `${docs}/merge_requests/#update-mr`,
  },
  {
    id: "list-commit-merge-requests", method: "GET", path: "/projects/:id/repository/commits/:sha/merge_requests", paginated: true,
    statuses: [200, 404], jobToken: false, doc: `${docs}/commits/#list-merge-requests-associated-with-a-commit`,
  },
  {
    id: "create-merge-request-note", method: "POST", path: "/projects/:id/merge_requests/:merge_request_iid/notes", required: ["body"],
    optional: ["created_at", "internal", "merge_request_diff_head_sha"], statuses: [201, 400, 404], jobToken: false, doc: `${docs}/notes/#create-new-merge-request-note`,
  },
];

export interface RouteMatch {
  route: RouteSpec;
  params: Record<string, string>;
}

/** Matches `/api/v4/...`; path parameters are URL-decoded (GitLab takes `group%2Fsub` for a path). */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const rest = pathname.replace(/^\/api\/v4/, "");
  const parts = rest.split("/").slice(1);
  for (const route of routes) {
    if (route.method !== method) continue;
    const want = route.path.split("/").slice(1);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    want.forEach((w, i) => {
      const got = parts[i] ?? "";
      if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(got);
      else if (w !== got) ok = false;
    });
    if (ok) return { route, params };
  }
  return undefined;
}

/** Names of the parameters a request sent that the route does not take, and required ones it lacks. */
export function paramProblems(route: RouteSpec, sent: readonly string[]): string[] {
  const allowed = new Set([...(route.required ?? []), ...(route.optional ?? []), ...(route.paginated ? ["page", "per_page"] : [])]);
  const base = (name: string) => name.replace(/\[.*$/, "");
  const problems = sent.filter((n) => !allowed.has(base(n))).map((n) => `unknown parameter ${n}`);
  for (const r of route.required ?? []) if (!sent.some((n) => base(n) === r)) problems.push(`missing required parameter ${r}`);
  return problems;
}
