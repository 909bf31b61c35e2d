// Writes test/fixtures/github-openapi.json: the operations relm calls, cut from GitHub's published
// OpenAPI description (@octokit/openapi, dereferenced). The fake GitHub server in the tests checks
// every request against it and every answer it gives. Run after adding an endpoint: npm run github:openapi
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Method + path template of every GitHub endpoint relm calls. Keep in sync with packages/github. */
export const relmEndpoints: readonly (readonly [string, string])[] = [
  ["get", "/repos/{owner}/{repo}/git/ref/{ref}"],
  ["post", "/repos/{owner}/{repo}/git/refs"],
  ["patch", "/repos/{owner}/{repo}/git/refs/{ref}"],
  ["delete", "/repos/{owner}/{repo}/git/refs/{ref}"],
  ["post", "/repos/{owner}/{repo}/git/tags"],
  ["get", "/repos/{owner}/{repo}/git/tags/{tag_sha}"],
  ["get", "/repos/{owner}/{repo}/releases"],
  ["post", "/repos/{owner}/{repo}/releases"],
  ["get", "/repos/{owner}/{repo}/releases/tags/{tag}"],
  ["patch", "/repos/{owner}/{repo}/releases/{release_id}"],
  ["get", "/repos/{owner}/{repo}/releases/{release_id}/assets"],
  ["post", "/repos/{owner}/{repo}/releases/{release_id}/assets"],
  ["get", "/repos/{owner}/{repo}/releases/assets/{asset_id}"],
  ["delete", "/repos/{owner}/{repo}/releases/assets/{asset_id}"],
  ["get", "/repos/{owner}/{repo}/commits/{ref}"],
  ["get", "/repos/{owner}/{repo}/commits/{ref}/check-runs"],
  ["get", "/repos/{owner}/{repo}/commits/{ref}/status"],
  ["get", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"],
  ["get", "/repos/{owner}/{repo}/deployments"],
  ["post", "/repos/{owner}/{repo}/deployments"],
  ["get", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"],
  ["post", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"],
  ["get", "/repos/{owner}/{repo}/actions/runs/{run_id}/approvals"],
  ["get", "/orgs/{org}/teams/{team_slug}/memberships/{username}"],
  ["get", "/repos/{owner}/{repo}/issues"],
  ["post", "/repos/{owner}/{repo}/issues"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["get", "/repos/{owner}/{repo}/git/commits/{commit_sha}"],
  ["post", "/repos/{owner}/{repo}/git/commits"],
  ["post", "/repos/{owner}/{repo}/git/trees"],
  ["get", "/repos/{owner}/{repo}/contents/{path}"],
  ["get", "/repos/{owner}/{repo}/pulls"],
  ["post", "/repos/{owner}/{repo}/pulls"],
  ["patch", "/repos/{owner}/{repo}/pulls/{pull_number}"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/labels"],
  ["delete", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}"],
];

interface Operation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const noise = new Set(["description", "summary", "example", "examples", "externalDocs", "x-github"]);

/** Drops prose and examples; a `properties` map keeps its keys, whatever they are called. */
function strip(value: unknown, inProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!inProperties && noise.has(key)) continue;
    out[key] = strip(v, !inProperties && key === "properties");
  }
  return out;
}

/** Keeps what validation needs: parameters, request body and the JSON schema of each answer. */
function slim(op: Operation): Operation {
  const responses: NonNullable<Operation["responses"]> = {};
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const schema = response.content?.["application/json"]?.schema;
    responses[status] = schema === undefined ? {} : { content: { "application/json": { schema } } };
  }
  const out: Operation = { responses };
  if (op.operationId !== undefined) out.operationId = op.operationId;
  if (op.parameters !== undefined) out.parameters = op.parameters;
  if (op.requestBody !== undefined) out.requestBody = op.requestBody;
  return out;
}

export function subset(): unknown {
  const require = createRequire(import.meta.url);
  const full = require("@octokit/openapi/generated/api.github.com.deref.json") as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, Operation>>;
  };
  const paths: Record<string, Record<string, Operation>> = {};
  for (const [method, path] of relmEndpoints) {
    const op = full.paths[path]?.[method];
    if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in GitHub's OpenAPI description`);
    (paths[path] ??= {})[method] = strip(slim(op)) as Operation;
  }
  return { openapi: full.openapi, info: { title: "GitHub REST API (subset used by relm)", version: full.info.version }, paths };
}

if (import.meta.main) {
  const target = fileURLToPath(new URL("../test/fixtures/github-openapi.json", import.meta.url));
  writeFileSync(target, `${JSON.stringify(subset(), null, 1)}\n`);
  console.log(`wrote ${target}`);
}
