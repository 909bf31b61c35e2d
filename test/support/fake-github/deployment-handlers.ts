// The fake GitHub's deployments: listed (filtered as GitHub filters them), created, and given statuses.
import * as o from "./objects.ts";
import { invalid, notFound, obj, repoUrl, type Handler } from "./handler-kit.ts";

export const deploymentHandlers: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/deployments": (s, i) => {
    const want = (key: string, got: string) => i.query.get(key) === null || i.query.get(key) === got;
    const list = s.deployments.filter((d) => want("environment", d.environment) && want("sha", d.sha) && want("ref", d.ref)).reverse();
    return { status: 200, body: list.slice(0, Number(i.query.get("per_page") ?? 30)).map((d) => o.deploymentBody(repoUrl(s, i.base), d)) };
  },

  "POST /repos/{owner}/{repo}/deployments": (s, i) => {
    const b = obj(i.body);
    const ref = String(b.ref);
    const sha = s.refs.get(`tags/${ref}`)?.sha ?? s.refs.get(`heads/${ref}`)?.sha ?? (/^[0-9a-f]{40}$/.test(ref) && (!s.commits || s.commits.has(ref)) ? ref : undefined);
    if (!sha) return invalid(`No ref found for: ${ref}`);
    // A tag ref points at a tag object; the deployment is of the commit it tags.
    const commit = s.tagObjects.get(sha)?.object.sha ?? sha;
    const payload = typeof b.payload === "object" && b.payload !== null ? (b.payload as Record<string, unknown>) : {};
    const d: o.Deployment = { id: o.newId(), sha: commit, ref, environment: typeof b.environment === "string" ? b.environment : "production", payload, createdAt: o.now(), description: typeof b.description === "string" ? b.description : null, statuses: [] };
    s.deployments.push(d);
    return { status: 201, body: o.deploymentBody(repoUrl(s, i.base), d) };
  },

  "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (s, i) => {
    const d = s.deployments.find((x) => x.id === Number(i.params.deployment_id));
    if (!d) return notFound;
    const list = d.statuses.map((st, n) => o.deploymentStatusBody(repoUrl(s, i.base), d, st, n + 1)).reverse();
    return { status: 200, body: list.slice(0, Number(i.query.get("per_page") ?? 30)) };
  },

  "POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses": (s, i) => {
    const d = s.deployments.find((x) => x.id === Number(i.params.deployment_id));
    if (!d) return notFound;
    const b = obj(i.body);
    const text = (key: string) => (typeof b[key] === "string" ? { [key]: b[key] } : {});
    const st: o.DeploymentStatus = { state: String(b.state), createdAt: o.now(), ...text("description"), ...(typeof b.log_url === "string" ? { logUrl: b.log_url } : {}), ...(typeof b.environment_url === "string" ? { environmentUrl: b.environment_url } : {}) };
    d.statuses.push(st);
    return { status: 201, body: o.deploymentStatusBody(repoUrl(s, i.base), d, st, d.statuses.length) };
  },
};
