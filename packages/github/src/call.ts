import type { z } from "zod";
import { parseForgeAnswer, RelmError } from "@relm/core";

/** The permission each endpoint family needs, for the hint of a 403/404. */
const permissionFor: readonly (readonly [RegExp, string])[] = [
  [/\/git\/|\/releases/, "contents: write (contents: read for reading)"],
  // Before /status: a deployment's statuses are the deployments permission's, not the commit statuses'.
  [/^POST .*\/deployments/, "deployments: write"],
  [/\/deployments/, "deployments: read"],
  [/\/check-runs|\/status/, "checks: read and statuses: read"],
  [/\/commits\/\{ref\}$/, "contents: read"],
  [/\/actions\/runs/, "actions: read"],
  [/\/teams\//, "members: read on the organization (a GitHub App or a PAT; GITHUB_TOKEN cannot read teams)"],
  [/\/issues/, "issues: write"],
  [/\/pulls/, "pull-requests: read"],
];

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === "object" && "status" in error && typeof error.status === "number") return error.status;
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

export function isUnprocessable(error: unknown): boolean {
  return statusOf(error) === 422;
}

/** A failed request, after the retries, as a RelmError naming the endpoint and what to check. */
export function requestError(endpoint: string, error: unknown): RelmError {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const permission = permissionFor.find(([re]) => re.test(endpoint))?.[1];
  const hint =
    status === 401
      ? "the token is missing or expired; pass `token` (default: github.token)"
      : (status === 403 || status === 404) && permission
        ? `the token may lack the permission ${permission}; see docs/github.md#permissions`
        : status !== undefined && status >= 500
          ? "GitHub kept failing after the retries; re-run the job, relm completes a partial release"
          : undefined;
  return new RelmError("RELM_GITHUB_REQUEST", "external", `GitHub ${endpoint} failed${status ? ` with ${status}` : ""}: ${message}`, {
    ...(hint ? { hint } : {}),
    details: [{ where: endpoint, message }],
    cause: error,
  });
}

const answers = { forge: "GitHub", code: "RELM_GITHUB_RESPONSE", hint: "a proxy or an old GitHub Enterprise Server may be in the way; check the API URL" };

/** Parses an answer into the shape relm relies on; anything else fails naming the endpoint. */
export function parseAnswer<S extends z.ZodType>(endpoint: string, schema: S, data: unknown): z.infer<S> {
  return parseForgeAnswer(answers, endpoint, schema, data);
}

/** Calls one endpoint and parses its answer; `endpoint` is `METHOD /path/template` for messages. */
export async function call<S extends z.ZodType>(
  endpoint: string,
  schema: S,
  request: () => Promise<{ data: unknown }>,
): Promise<z.infer<S>> {
  let data: unknown;
  try {
    ({ data } = await request());
  } catch (error) {
    throw requestError(endpoint, error);
  }
  return parseAnswer(endpoint, schema, data);
}

/** Like `call`, but a 404 is an answer: the thing is not there. */
export async function find<S extends z.ZodType>(
  endpoint: string,
  schema: S,
  request: () => Promise<{ data: unknown }>,
): Promise<z.infer<S> | undefined> {
  let data: unknown;
  try {
    ({ data } = await request());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw requestError(endpoint, error);
  }
  return parseAnswer(endpoint, schema, data);
}
