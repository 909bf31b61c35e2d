import { z } from "zod";
import { durationSchema } from "../time/index.ts";

/**
 * What makes an approval a valid Change Advisory Board sign-off for one environment. The gate states
 * it (policy.environments.<env>.approval); the approve job judges evidence against it.
 */
export const cabRuleSchema = z
  .strictObject({
    quorum: z.number().int().min(1).default(1).describe("How many distinct CAB members must approve."),
    users: z.array(z.string().min(1)).default([]).describe("CAB members by login."),
    groups: z
      .array(z.string().min(1))
      .default([])
      .describe("CAB member groups: `org/team` on GitHub, a group path on GitLab."),
    separationOfDuties: z
      .boolean()
      .default(true)
      .describe("Approvers may not be authors of a commit in the release nor the one who triggered the run."),
    maxAge: durationSchema.default("24h").describe("An approval older than this is stale."),
    mode: z
      .enum(["environment", "change-request"])
      .default("environment")
      .describe("environment: the forge's environment/deployment approvals; change-request: an issue with /approve comments."),
    timeout: durationSchema.default("24h").describe("change-request mode: how long to wait for quorum."),
  })
  .describe("CAB sign-off rule.");

export type CabRule = z.infer<typeof cabRuleSchema>;
