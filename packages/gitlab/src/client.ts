import {
  Branches,
  Commits,
  Deployments,
  FreezePeriods,
  GroupMembers,
  IssueNotes,
  Jobs,
  MergeRequestNotes,
  MergeRequests,
  Pipelines,
  ProjectReleases,
  ReleaseLinks,
  RepositoryFiles,
  Tags,
  Users,
} from "@gitbeaker/rest";
import { createRequesterFn, type RequesterType, type ResourceOptions } from "@gitbeaker/requester-utils";
import { createSender, type HttpOptions, type HttpResponse, type Send, type StreamedBody } from "./http.ts";

/** How relm authenticates: the job's own CI_JOB_TOKEN, or a personal/project/group access token. */
export type GitlabAuth = { kind: "job-token"; value: string } | { kind: "token"; value: string };

export interface GitlabClientOptions extends HttpOptions {
  /** Instance URL without /api/v4, e.g. CI_SERVER_URL. */
  host: string;
  auth?: GitlabAuth;
}

/**
 * The one GitLab client of a run: Gitbeaker's resources sharing one requester that sends through
 * relm's retrying, fetch-injectable sender. `raw` and `download` are for the calls Gitbeaker cannot
 * make (streamed uploads to and downloads from the generic package registry) and go through the same
 * sender and auth.
 */
export interface GitlabClient {
  host: string;
  apiUrl: string;
  tags: InstanceType<typeof Tags>;
  releases: InstanceType<typeof ProjectReleases>;
  releaseLinks: InstanceType<typeof ReleaseLinks>;
  commits: InstanceType<typeof Commits>;
  pipelines: InstanceType<typeof Pipelines>;
  deployments: InstanceType<typeof Deployments>;
  freezePeriods: InstanceType<typeof FreezePeriods>;
  jobs: InstanceType<typeof Jobs>;
  groupMembers: InstanceType<typeof GroupMembers>;
  users: InstanceType<typeof Users>;
  issueNotes: InstanceType<typeof IssueNotes>;
  branches: InstanceType<typeof Branches>;
  repositoryFiles: InstanceType<typeof RepositoryFiles>;
  mergeRequests: InstanceType<typeof MergeRequests>;
  mergeRequestNotes: InstanceType<typeof MergeRequestNotes>;
  /** A `StreamedBody` is sent with its content-length and reopened for each retry. */
  raw(method: string, path: string, init?: { body?: Uint8Array | string | StreamedBody; headers?: Record<string, string>; query?: Record<string, string> }): Promise<HttpResponse>;
  /** GET whose 2xx body is left unread and handed over as a stream, so a file of any size fits. */
  download(path: string): Promise<{ headers: Record<string, string>; body: ReadableStream<Uint8Array> }>;
}

function authHeader(auth: GitlabAuth | undefined): Record<string, string> {
  if (!auth) return {};
  return auth.kind === "job-token" ? { "JOB-TOKEN": auth.value } : { "PRIVATE-TOKEN": auth.value };
}

/** Gitbeaker's requester interface over relm's sender. */
function requesterFor(send: Send): (options: ResourceOptions) => RequesterType {
  return createRequesterFn(
    async (_service, request) => request,
    async (endpoint, options) => {
      const o = (options ?? {}) as { prefixUrl?: string; searchParams?: string; method?: string; headers?: Record<string, string>; body?: string | FormData };
      const base = o.prefixUrl === undefined ? undefined : o.prefixUrl.endsWith("/") ? o.prefixUrl : `${o.prefixUrl}/`;
      const url = new URL(endpoint, base);
      url.search = o.searchParams ?? "";
      const response = await send({ method: o.method ?? "GET", url, headers: o.headers ?? {}, ...(o.body === undefined ? {} : { body: o.body }) });
      return { status: response.status, headers: response.headers, body: response.body as never };
    },
  );
}

export function createGitlabClient(options: GitlabClientOptions): GitlabClient {
  const host = options.host.replace(/\/+$/, "");
  const send = createSender(options);
  const base = {
    host,
    requesterFn: requesterFor(send),
    // Per-attempt timeouts live in the sender; Gitbeaker's one signal would span every retry.
    queryTimeout: null,
    rateLimits: {},
    ...(options.auth?.kind === "job-token" ? { jobToken: options.auth.value } : options.auth?.kind === "token" ? { token: options.auth.value } : {}),
  };
  const apiUrl = `${host}/api/v4`;
  return {
    host,
    apiUrl,
    tags: new Tags(base),
    releases: new ProjectReleases(base),
    releaseLinks: new ReleaseLinks(base),
    commits: new Commits(base),
    pipelines: new Pipelines(base),
    deployments: new Deployments(base),
    freezePeriods: new FreezePeriods(base),
    jobs: new Jobs(base),
    groupMembers: new GroupMembers(base),
    users: new Users(base),
    issueNotes: new IssueNotes(base),
    branches: new Branches(base),
    repositoryFiles: new RepositoryFiles(base),
    mergeRequests: new MergeRequests(base),
    mergeRequestNotes: new MergeRequestNotes(base),
    raw: (method, path, init = {}) => {
      const url = new URL(`${apiUrl}${path}`);
      for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
      return send({ method, url, headers: { ...authHeader(options.auth), ...init.headers }, ...(init.body === undefined ? {} : { body: init.body }) });
    },
    download: async (path) => {
      const { headers, body } = await send({ method: "GET", url: new URL(`${apiUrl}${path}`), headers: authHeader(options.auth), streamResponse: true });
      return { headers, body: body as ReadableStream<Uint8Array> };
    },
  };
}
