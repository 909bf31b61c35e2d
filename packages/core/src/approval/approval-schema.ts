// Owned by approvals (issues 4-6): the top-level `approval:` part of .relm.yml.
import { cabRuleSchema } from "./cab-rule-schema.ts";

/**
 * The CAB rule of a release: what `relm approve` and `relm release` judge the evidence against when
 * the environment has no rule of its own (policy.environments.<env>.approval overrides it).
 * Absent: no sign-off is required.
 */
export const approvalSchema = cabRuleSchema.describe(
  "The CAB sign-off a release needs (quorum, members, separation of duties, freshness); an environment's own approval rule overrides it. Absent: no sign-off is required.",
);
