import type { z } from "zod";
import { parseForgeAnswer, RelmError } from "@relm/core";
import { GitlabHttpError } from "./http.ts";

/** What each endpoint family needs from the token, for the hint of a 401/403/404. */
const accessFor: readonly (readonly [RegExp, string])[] = [
  // relm pr: a commit on relm/release-<base> and the MR; the job token can do neither.
  [/^POST .*\/repository\/commits$|^(POST|PUT) .*\/merge_requests/, "a project access token with the api scope and the Developer role that may push to relm/release-* (CI_JOB_TOKEN cannot write commits or merge requests): set RELM_GITLAB_TOKEN"],
  [/\/repository\/(branches\/|files\/|commits\/:sha$)|\/merge_requests/, "a token with read_api scope and the Reporter role"],
  [/\/repository\/tags|\/releases/, "a token with api scope and the Developer role (Maintainer for protected tags); CI_JOB_TOKEN can create releases but not tags"],
  [/^(POST|PUT) .*\/deployments/, "the Developer role on the project and a token with api scope (or CI_JOB_TOKEN of a job run by a Developer)"],
  [/\/deployments|\/freeze_periods/, "Reporter role or higher on the project"],
  [/\/packages\/generic/, "CI_JOB_TOKEN or a token with api/write_package_registry scope"],
  [/\/groups\/.*\/members/, "a token that can read the group's members (CI_JOB_TOKEN cannot)"],
  [/\/jobs\//, "a token that can read the project's jobs"],
  [/\/issues\//, "a token that can read the change-request issue"],
];

export function statusOf(error: unknown): number | undefined {
  return error instanceof GitlabHttpError ? error.status : undefined;
}

/** A failed request, after the retries, as a RelmError naming the endpoint and what to check. */
export function requestError(endpoint: string, error: unknown): RelmError {
  if (error instanceof RelmError) return error;
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const access = accessFor.find(([re]) => re.test(endpoint))?.[1];
  const retryAfter = error instanceof GitlabHttpError ? error.retryAfterMs : undefined;
  const hint =
    status === 401
      ? "the token is missing or expired: set GITLAB_TOKEN (a project or personal access token) or run inside a GitLab job (CI_JOB_TOKEN)"
      : (status === 403 || status === 404) && access
        ? `the token may lack access: ${access}; see gitlab/README.md#tokens`
        : status === 429
          ? `GitLab's rate limit was hit${retryAfter === undefined ? "" : `; it asked to wait ${Math.ceil(retryAfter / 1000)} s`}; re-run the job later, relm completes a partial release`
          : status === undefined || status >= 500
            ? "GitLab kept failing or did not answer after the retries; re-run the job, relm completes a partial release"
            : undefined;
  const attempts = error instanceof GitlabHttpError && error.attempts > 1 ? ` after ${error.attempts} attempts` : "";
  return new RelmError("RELM_GITLAB_REQUEST", "external", `GitLab ${endpoint} failed${status ? ` with ${status}` : ""}${attempts}: ${message}`, {
    ...(hint ? { hint } : {}),
    details: [{ where: endpoint, message }],
    cause: error,
  });
}

const answers = { forge: "GitLab", code: "RELM_GITLAB_RESPONSE", hint: "a proxy or a very old GitLab may be in the way; check CI_SERVER_URL / the host input" };

/** Parses an answer into the shape relm relies on; anything else fails naming the endpoint. */
export function parseAnswer<S extends z.ZodType>(endpoint: string, schema: S, data: unknown): z.infer<S> {
  return parseForgeAnswer(answers, endpoint, schema, data);
}

/** Calls one endpoint and parses its answer; `endpoint` is `METHOD /path/template` for messages. */
export async function call<S extends z.ZodType>(endpoint: string, schema: S, request: () => Promise<unknown>): Promise<z.infer<S>> {
  let data: unknown;
  try {
    data = await request();
  } catch (error) {
    throw requestError(endpoint, error);
  }
  return parseAnswer(endpoint, schema, data);
}

/** Like `call`, but a 404 is an answer: the thing is not there. */
export async function find<S extends z.ZodType>(endpoint: string, schema: S, request: () => Promise<unknown>): Promise<z.infer<S> | undefined> {
  let data: unknown;
  try {
    data = await request();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw requestError(endpoint, error);
  }
  return parseAnswer(endpoint, schema, data);
}
