import type { CabRule } from "../approval/cab-rule-schema.ts";
import type { Config } from "./config-schema.ts";
import type { Decision } from "./decision.ts";
import { environmentSchema, type EnvironmentConfig } from "./environment-schema.ts";
import { requiredApprovalOf } from "./required-approval.ts";
import type { RiskClassConfig } from "./risk-schema.ts";

/**
 * Where an environment's CAB rule starts before a risk class raises it: the environment's own rule,
 * else the top-level `approval:` rule. `relm approve` and `relm policy explain` both read it here,
 * so what explain says is required is what approve enforces.
 */
export function approvalBaseOf(environment: EnvironmentConfig | undefined, topLevel: CabRule | undefined): EnvironmentConfig | undefined {
  if (environment?.approval || !topLevel) return environment;
  return { ...(environment ?? environmentSchema.parse({})), approval: topLevel };
}

/**
 * The CAB rule a release is judged by: the environment's own rule as the gate decided it (raised by
 * the risk class); without one, the top-level `approval:` rule, raised by the same classes. Those are
 * the class the release would have without an override, then the class it has: an override may make
 * the release an emergency, but no override names approvals, so none lowers the quorum, separation
 * of duties or staleness the release would otherwise need.
 */
export function approvalRuleFor(config: Config, environment: string | undefined, decision: Decision | undefined): CabRule | undefined {
  const envConfig = environment === undefined ? undefined : config.policy?.environments[environment];
  if (envConfig?.approval) return decision?.requiredApproval ?? envConfig.approval;
  if (!config.approval) return decision?.requiredApproval;
  const names = decision ? [decision.riskClass.withoutOverride?.name, decision.riskClass.name] : [];
  const classes: RiskClassConfig[] = [];
  for (const name of names) {
    const riskClass = name === undefined ? undefined : config.policy?.risk?.classes.find((c) => c.name === name);
    if (riskClass && (riskClass.environments === undefined || (environment !== undefined && riskClass.environments.includes(environment)))) classes.push(riskClass);
  }
  return requiredApprovalOf(approvalBaseOf(envConfig, config.approval), classes);
}
