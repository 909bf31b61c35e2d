import { parseInstant, RelmError, type CheckConclusion, type CheckResult, type Deployment, type OverrideRequest } from "@relm/core";

const CONCLUSIONS: readonly CheckConclusion[] = ["success", "failure", "pending", "neutral", "skipped", "cancelled"];

function usage(flag: string, value: string, expected: string): RelmError {
  return new RelmError("RELM_GATE_FLAG", "usage", `${flag} ${JSON.stringify(value)} is not valid: expected ${expected}`, { details: [{ where: flag, message: value }] });
}

/** `--check build=success` (a local stand-in for the forge's check results). */
export function parseCheckFlags(values: readonly string[]): CheckResult[] {
  return values.map((text) => {
    const at = text.lastIndexOf("=");
    const name = at > 0 ? text.slice(0, at).trim() : "";
    const conclusion = CONCLUSIONS.find((c) => c === text.slice(at + 1).trim());
    if (!name || !conclusion) throw usage("--check", text, `NAME=${CONCLUSIONS.join("|")}`);
    return { name, conclusion, source: "status" };
  });
}

/** `--deployed staging=1.4.0@2026-11-20T10:00:00Z` (a local stand-in for the forge's deployment history). */
export function parseDeployedFlags(values: readonly string[], commit: string): Record<string, Deployment[]> {
  const out: Record<string, Deployment[]> = {};
  for (const text of values) {
    const m = /^([^=]+)=([^@]+)@(.+)$/.exec(text.trim());
    const at = m?.[3] === undefined ? undefined : parseInstant(m[3]);
    if (!m || !m[1] || !m[2] || at === undefined) throw usage("--deployed", text, "ENV=VERSION@ISO-INSTANT with an offset (the version succeeded in ENV at that instant), e.g. staging=1.4.0@2026-11-20T10:00:00Z");
    const env = m[1].trim();
    (out[env] ??= []).push({ environment: env, commit, version: m[2].trim(), state: "success", at: new Date(at).toISOString() });
  }
  return out;
}

/**
 * `--at`: an ISO 8601 instant with a zone designator; a bare local time would be ambiguous, and a
 * date that does not exist (2027-02-29, T24:00) is refused rather than rolled over to another day.
 */
export function parseAtFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = parseInstant(value);
  if (at === undefined) throw usage("--at", value, "an ISO 8601 instant with an offset on a date that exists, e.g. 2026-12-24T17:00:00+01:00");
  return new Date(at).toISOString();
}

export interface OverrideFlags {
  overrideBy?: string;
  overrideReason?: string;
  overrideRules?: string;
  overrideVia?: string;
}

/**
 * Who a CI job runs for: GitLab's GITLAB_USER_LOGIN, GitHub's triggering actor. In CI this is who asks
 * for an override unless --override-by names someone, so a job script need not pass it.
 */
export function ciUser(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITLAB_CI === "true" && env.GITLAB_USER_LOGIN) return env.GITLAB_USER_LOGIN;
  if (env.GITHUB_ACTIONS === "true") return env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || undefined;
  return undefined;
}

/**
 * The override flags, all or none: a half-given override is a usage error rather than a silent no-op.
 * --override-by defaults to the CI job's user; outside CI it must be given.
 */
export function parseOverrideFlags(o: OverrideFlags, env: NodeJS.ProcessEnv = {}): OverrideRequest | undefined {
  const given = [o.overrideBy, o.overrideReason, o.overrideRules].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  const by = o.overrideBy || ciUser(env);
  if (!by) throw usage("--override-by", "", "who breaks glass (a login), together with --override-reason and --override-rules (in CI it defaults to the job's user)");
  if (o.overrideRules === undefined) throw usage("--override-rules", "", "the rules to lift, e.g. freeze,soak");
  if (o.overrideReason === undefined) throw usage("--override-reason", "", "why the glass is broken");
  const via = o.overrideVia ?? "input";
  if (via !== "input" && via !== "label") throw usage("--override-via", via, "input or label (trailers are read from the release commit)");
  return { by, via, reason: o.overrideReason, rules: o.overrideRules.split(/[\s,]+/).filter(Boolean) };
}

/**
 * A GitLab merge request pipeline's labels and description, and its user: the policy's override label
 * on the merge request asks to break glass (the description's Relm-Override lines say what and why),
 * as a pull request's label does for the GitHub action.
 */
export function hostChange(env: NodeJS.ProcessEnv): { labels?: string[]; labelOverride?: { by: string; description?: string } } {
  if (env.GITLAB_CI !== "true" || !env.CI_MERGE_REQUEST_IID) return {};
  const labels = (env.CI_MERGE_REQUEST_LABELS ?? "").split(",").map((l) => l.trim()).filter(Boolean);
  const by = ciUser(env);
  const description = env.CI_MERGE_REQUEST_DESCRIPTION;
  return { labels, ...(by ? { labelOverride: { by, ...(description ? { description } : {}) } } : {}) };
}
