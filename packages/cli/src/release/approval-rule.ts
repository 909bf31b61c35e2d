import { environmentSchema, requiredApprovalOf, type CabRule, type Config, type Decision } from "@relm/core";

/**
 * The CAB rule a release is judged by: the environment's own rule as the gate decided it (raised by
 * the risk class); without one, the top-level `approval:` rule, raised by the same risk class.
 */
export function approvalRuleFor(config: Config, environment: string | undefined, decision: Decision | undefined): CabRule | undefined {
  const envConfig = environment === undefined ? undefined : config.policy?.environments[environment];
  if (envConfig?.approval) return decision?.requiredApproval ?? envConfig.approval;
  if (!config.approval) return decision?.requiredApproval;
  const riskClass = config.policy?.risk?.classes.find((c) => c.name === decision?.riskClass.name);
  const applies = riskClass !== undefined && (riskClass.environments === undefined || (environment !== undefined && riskClass.environments.includes(environment)));
  return requiredApprovalOf({ ...environmentSchema.parse({}), approval: config.approval }, applies ? riskClass : undefined);
}
