import * as core from "@actions/core";
import { isRelmError, type Runtime } from "@relm/core";
import { actionsRuntime } from "../runtime.ts";
import type { AttestFunction } from "./attest-release.ts";
import { githubRunContext, type GitHubRunContext } from "../context.ts";

export interface ActionContext {
  env: NodeJS.ProcessEnv;
  runtime: Runtime;
  run: GitHubRunContext;
  /** Injected by tests in place of @actions/attest's `attest` (which signs through Sigstore). */
  attest?: AttestFunction;
}

/** The failure text: code and message, each detail (where: what), then the hint. */
export function failureText(error: unknown): string {
  if (isRelmError(error)) {
    const lines = [`${error.code}: ${error.message}`];
    for (const d of error.details) lines.push(`  ${d.where ? `${d.where}: ` : ""}${d.message}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
    return lines.join("\n");
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Exit codes as the CLI has them: 2 for usage and configuration errors, 1 for refusals and failures. */
export function exitCodeOf(error: unknown): number {
  return isRelmError(error) && (error.kind === "usage" || error.kind === "config") ? 2 : 1;
}

/**
 * Runs an action's body with the Actions runtime and the run's context; any error fails the step
 * with its code, details and hint (as an error annotation, escaped by @actions/core).
 */
export async function runAction(body: (ctx: ActionContext) => Promise<void>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const runtime = actionsRuntime(env);
  try {
    await body({ env, runtime, run: githubRunContext(env) });
  } catch (error) {
    core.setFailed(failureText(error));
    process.exitCode = exitCodeOf(error);
  }
}
