// The fake GitLab's deployments: listed, shown, created through the API and given an outcome.
import type { FakeDeployment, FakeGitlabState } from "./state.ts";

const writable = ["running", "success", "failed", "canceled"];
const finished = new Set(["success", "failed", "canceled"]);
import { bad, notFound, stamp, str, user, type Handler } from "./handler-kit.ts";

export function deploymentBody(s: FakeGitlabState, d: FakeDeployment) {
  return {
    id: d.id,
    iid: d.iid,
    ref: d.ref,
    sha: d.sha,
    status: d.status,
    created_at: d.created_at,
    updated_at: d.updated_at,
    finished_at: d.finished_at ?? null,
    user: user("deployer", 7),
    environment: { id: 1, name: d.environment, external_url: null },
    deployable: d.viaApi ? null : { id: d.id * 10, name: "deploy", ref: d.ref, tag: d.tag, status: d.status, pipeline: d.pipelineId === undefined ? null : { id: d.pipelineId, sha: d.sha, ref: d.ref, status: "running" } },
    ...(d.approvals === undefined
      ? {}
      : {
          pending_approval_count: d.pending_approval_count ?? 0,
          approvals: d.approvals.map((a) => ({ user: user(a.username, s.users.get(a.username) ?? 0), status: a.status, created_at: a.created_at, comment: a.comment ?? null })),
        }),
  };
}

export const deploymentHandlers: Record<string, Handler> = {
  "list-deployments": (s, { args }) => {
    const env = str(args.environment);
    const status = str(args.status);
    if (status !== undefined && !["created", "running", "success", "failed", "canceled", "blocked"].includes(status)) return bad("status does not have a valid value");
    const list = s.deployments.filter((d) => (env === undefined || d.environment === env) && (status === undefined || d.status === status));
    const by = str(args.order_by) ?? "id";
    const key = (d: FakeDeployment): string | number => (by === "updated_at" ? d.updated_at : by === "created_at" ? d.created_at : d.id);
    list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    if ((str(args.sort) ?? "asc") === "desc") list.reverse();
    // The list answer carries no approvals; only the single deployment does.
    return { status: 200, body: list.map((d) => ({ ...deploymentBody(s, d), approvals: undefined, pending_approval_count: undefined })) };
  },
  "show-deployment": (s, { params }) => {
    const d = s.deployments.find((x) => String(x.id) === params.deployment_id);
    return d ? { status: 200, body: deploymentBody(s, d) } : notFound("Deployment");
  },
  "create-deployment": (s, { args }) => {
    const status = str(args.status) ?? "";
    if (!writable.includes(status)) return bad("status does not have a valid value");
    if (typeof args.tag !== "boolean") return bad("tag is invalid");
    const sha = str(args.sha) ?? "";
    if (!/^[0-9a-f]{40}$/.test(sha)) return bad("The commit does not exist");
    const now = stamp();
    const d: FakeDeployment = {
      id: 900 + s.deployments.length, iid: s.deployments.length + 1, environment: str(args.environment) ?? "", sha, ref: str(args.ref) ?? "", tag: args.tag,
      status, created_at: now, updated_at: now, finished_at: finished.has(status) ? now : null, viaApi: true,
    };
    s.deployments.push(d);
    return { status: 201, body: deploymentBody(s, d) };
  },
  "update-deployment": (s, { params, args }) => {
    const d = s.deployments.find((x) => String(x.id) === params.deployment_id);
    if (!d) return notFound("Deployment");
    // As GitLab's API: a job's deployment is the job's to update, and a finished one does not change.
    if (!d.viaApi) return bad("Deployments created using GitLab CI can not be updated using the API");
    const status = str(args.status) ?? "";
    if (!writable.includes(status)) return bad("status does not have a valid value");
    if (finished.has(d.status) && d.status !== status) return bad(`Cannot transition status via :${status} from :${d.status}`);
    d.status = status;
    d.updated_at = stamp();
    if (finished.has(status)) d.finished_at = d.updated_at;
    return { status: 200, body: deploymentBody(s, d) };
  },
};
