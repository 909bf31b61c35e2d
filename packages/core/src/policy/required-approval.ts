import { cabRuleSchema, type CabRule } from "../approval/cab-rule-schema.ts";
import { durationMs } from "../time/index.ts";
import type { EnvironmentConfig } from "./environment-schema.ts";
import type { RiskClassConfig } from "./risk-schema.ts";

function raised(rule: CabRule, raise: NonNullable<RiskClassConfig["approval"]>): CabRule {
  const maxAge = raise.maxAge !== undefined && (durationMs(raise.maxAge) ?? Infinity) < (durationMs(rule.maxAge) ?? Infinity) ? raise.maxAge : rule.maxAge;
  return {
    ...rule,
    quorum: Math.max(rule.quorum, raise.quorum ?? 1),
    separationOfDuties: rule.separationOfDuties || raise.separationOfDuties === true,
    maxAge,
    ...(raise.users ? { users: raise.users } : {}),
    ...(raise.groups ? { groups: raise.groups } : {}),
  };
}

/**
 * The CAB sign-off an environment requires: its own rule, raised by the risk class (quorum up,
 * separation of duties on, staleness down; a class that names its CAB replaces the members).
 * Given several classes (the class without an override, then the class with it), each raises in
 * turn, so the last one's CAB is the one asked and no class lowers what another required.
 */
export function requiredApprovalOf(environment: EnvironmentConfig | undefined, riskClass: RiskClassConfig | readonly RiskClassConfig[] | undefined): CabRule | undefined {
  const classes: readonly RiskClassConfig[] = riskClass === undefined ? [] : Array.isArray(riskClass) ? riskClass : [riskClass as RiskClassConfig];
  const raises = classes.flatMap((c) => (c.approval ? [c.approval] : []));
  const base = environment?.approval;
  if (raises.length === 0) return base;
  return raises.reduce(raised, base ?? cabRuleSchema.parse({}));
}
