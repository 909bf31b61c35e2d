import type { OverrideRequest } from "./gate-facts.ts";
import type { OverrideConfig } from "./override-schema.ts";
import { GATE_CODES, OVERRIDABLE_RULES, type GateCode, type OverridableRule } from "./gate-rules.ts";

/** One thing an override lifts: a whole rule, or (when a code was named) only that code of the rule. */
export interface OverrideTarget {
  rule: OverridableRule;
  code?: GateCode;
}

export type OverrideJudgement =
  | { accepted: true; rules: string[]; targets: OverrideTarget[] }
  | { accepted: false; rules: string[]; refusal: string };

const RULE_OF_CODE: Partial<Record<string, OverridableRule>> = {
  [GATE_CODES.branch]: "branch",
  [GATE_CODES.tag]: "tag",
  [GATE_CODES.freeze]: "freeze",
  [GATE_CODES.checkMissing]: "checks",
  [GATE_CODES.checkFailed]: "checks",
  [GATE_CODES.promotion]: "promotion",
  [GATE_CODES.soak]: "soak",
};

function targetOf(text: string): OverrideTarget | undefined {
  const t = text.trim();
  const code = t.toUpperCase();
  const byCode = RULE_OF_CODE[code];
  // A code lifts that code only: RELM_GATE_CHECK_MISSING must not also lift a failed check.
  if (byCode) return { rule: byCode, code: code as GateCode };
  const lower = t.toLowerCase();
  if (lower === "check") return { rule: "checks" };
  return (OVERRIDABLE_RULES as readonly string[]).includes(lower) ? { rule: lower as OverridableRule } : undefined;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether a violation of `rule` with `code` is one of the targets. */
export function overrideLifts(targets: readonly OverrideTarget[], rule: string, code: string): boolean {
  return targets.some((t) => t.rule === rule && (t.code === undefined || t.code === code));
}

/**
 * Whether a break-glass request is valid, independent of what it would lift: the policy allows
 * overrides, this channel, this person, these rules, and a reason is given.
 */
export function judgeOverride(request: OverrideRequest, config: OverrideConfig | undefined, labels: readonly string[] = []): OverrideJudgement {
  const named = request.rules.map((r) => r.trim()).filter((r) => r.length > 0);
  const refuse = (refusal: string): OverrideJudgement => ({ accepted: false, rules: named, refusal });
  if (!config) return refuse("the policy allows no override (policy.override is not set)");
  if (!config.via.includes(request.via)) return refuse(`overrides may not be asked for via ${request.via} (policy.override.via allows ${config.via.join(", ")})`);
  if (request.via === "label" && !labels.some((l) => same(l, config.label))) return refuse(`the change does not carry the label ${JSON.stringify(config.label)}`);
  if (request.reason.trim().length === 0) return refuse("an override needs a reason");
  if (named.length === 0) return refuse("an override must name the rules it lifts (e.g. freeze, checks)");
  const unknown = named.filter((r) => targetOf(r) === undefined);
  if (unknown.length > 0) return refuse(`unknown rule(s) ${unknown.join(", ")}; rules are ${OVERRIDABLE_RULES.join(", ")} (or their RELM_GATE_* codes)`);
  const targets = named.map((r) => targetOf(r) as OverrideTarget);
  const forbidden = [...new Set(targets.map((t) => t.rule).filter((r) => !config.rules.includes(r)))];
  if (forbidden.length > 0) return refuse(`the policy does not let an override lift ${forbidden.join(", ")} (policy.override.rules allows ${config.rules.join(", ")})`);
  const byUser = config.users.some((u) => same(u, request.by));
  const byGroup = (request.groups ?? []).some((g) => config.groups.some((allowed) => same(allowed, g)));
  if (!byUser && !byGroup) {
    const who = [...config.users, ...config.groups.map((g) => `group ${g}`)];
    return refuse(`${request.by} may not override (allowed: ${who.length > 0 ? who.join(", ") : "nobody"})`);
  }
  return { accepted: true, rules: [...new Set(targets.map((t) => t.code ?? t.rule))], targets };
}
