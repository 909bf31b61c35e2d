import { readFileSync } from "node:fs";
import { RelmError } from "@relm/core";

/** What the runner tells a step about its run, read once from the GITHUB_* variables. */
export interface GitHubRunContext {
  repository: string;
  apiUrl: string;
  serverUrl: string;
  sha: string;
  ref: string;
  runId?: string;
  eventName: string;
  actor?: string;
  /** Who started this run (a re-run may be started by someone other than `actor`). */
  triggeringActor?: string;
  workspace?: string;
  event: Record<string, unknown>;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new RelmError("RELM_GITHUB_CONTEXT", "usage", `${name} is not set; is this running in a GitHub Actions job?`, {
      details: [{ where: name, message: "set by the GitHub Actions runner" }],
    });
  }
  return value;
}

export function githubRunContext(env: NodeJS.ProcessEnv): GitHubRunContext {
  let event: Record<string, unknown> = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(eventPath, "utf8"));
      if (parsed && typeof parsed === "object") event = parsed as Record<string, unknown>;
    } catch (cause) {
      throw new RelmError("RELM_GITHUB_CONTEXT", "usage", `cannot read the event payload`, {
        details: [{ where: "GITHUB_EVENT_PATH", message: "expected a readable JSON file" }],
        cause,
      });
    }
  }
  const optional = (name: string) => (env[name] ? { [name]: env[name] } : {});
  const o = { ...optional("GITHUB_RUN_ID"), ...optional("GITHUB_ACTOR"), ...optional("GITHUB_TRIGGERING_ACTOR"), ...optional("GITHUB_WORKSPACE") };
  return {
    repository: required(env, "GITHUB_REPOSITORY"),
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    sha: required(env, "GITHUB_SHA"),
    ref: env.GITHUB_REF ?? "",
    eventName: env.GITHUB_EVENT_NAME ?? "",
    ...(o.GITHUB_RUN_ID ? { runId: o.GITHUB_RUN_ID } : {}),
    ...(o.GITHUB_ACTOR ? { actor: o.GITHUB_ACTOR } : {}),
    ...(o.GITHUB_TRIGGERING_ACTOR ? { triggeringActor: o.GITHUB_TRIGGERING_ACTOR } : {}),
    ...(o.GITHUB_WORKSPACE ? { workspace: o.GITHUB_WORKSPACE } : {}),
    event,
  };
}
