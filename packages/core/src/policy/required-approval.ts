import { cabRuleSchema, type CabRule } from "../approval/cab-rule-schema.ts";
import { durationMs } from "../time/index.ts";
import type { EnvironmentConfig } from "./environment-schema.ts";
import type { RiskClassConfig } from "./risk-schema.ts";

/**
 * The CAB sign-off an environment requires: its own rule, raised by the risk class (quorum up,
 * separation of duties on, staleness down; a class that names its CAB replaces the members).
 */
export function requiredApprovalOf(environment: EnvironmentConfig | undefined, riskClass: RiskClassConfig | undefined): CabRule | undefined {
  const raise = riskClass?.approval;
  const base = environment?.approval;
  if (!raise) return base;
  const rule: CabRule = base ?? cabRuleSchema.parse({});
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
