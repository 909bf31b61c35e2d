import { GATE_CODES } from "../gate-rules.ts";
import type { Rule } from "./rule-context.ts";

/**
 * A release that was backed out (or reviewed as failed) is not promoted again: the chain says it
 * failed, and only an override that names this rule lets it go on (recorded in the decision).
 */
export const failedRule: Rule = (ctx) => {
  const env = ctx.facts.environment;
  if (env === undefined) return [];
  const version = ctx.facts.release?.version;
  const failed = (ctx.facts.failedReleases ?? []).filter((f) => (version !== undefined ? f.version === version : f.commit === ctx.facts.commit));
  return failed.slice(0, 1).map((f) => ({
    code: GATE_CODES.failed,
    rule: "failed" as const,
    key: ["policy", "environments"],
    message: `release ${f.package ? `${f.package}@` : ""}${f.version} was marked failed${f.environment ? ` in ${f.environment}` : ""} at ${f.at} (${f.reason}); it is not promoted to ${env} again`,
    facts: { environment: env, failed: failed.map((x) => ({ version: x.version, environment: x.environment, reason: x.reason, at: x.at, where: x.where })) },
    remedy: "Release a fix as a new version, or break glass with an override naming `failed` (recorded).",
  }));
};
