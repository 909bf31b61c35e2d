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

/** The override flags, all or none: a half-given override is a usage error rather than a silent no-op. */
export function parseOverrideFlags(o: OverrideFlags): OverrideRequest | undefined {
  const given = [o.overrideBy, o.overrideReason, o.overrideRules].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  if (!o.overrideBy) throw usage("--override-by", "", "who breaks glass (a login), together with --override-reason and --override-rules");
  if (o.overrideRules === undefined) throw usage("--override-rules", "", "the rules to lift, e.g. freeze,soak");
  if (o.overrideReason === undefined) throw usage("--override-reason", "", "why the glass is broken");
  const via = o.overrideVia ?? "input";
  if (via !== "input" && via !== "label") throw usage("--override-via", via, "input or label (trailers are read from the release commit)");
  return { by: o.overrideBy, via, reason: o.overrideReason, rules: o.overrideRules.split(/[\s,]+/).filter(Boolean) };
}
