import { z } from "zod";
import { cabRuleSchema } from "../approval/cab-rule-schema.ts";
import { durationSchema } from "../time/index.ts";
import { globSchema } from "./glob-match.ts";
import { rolloutSchema } from "../rollout/rollout-schema.ts";

export const environmentSchema = z
  .strictObject({
    after: z.array(z.string().min(1)).default([]).describe("Environments where the same version must have succeeded first (promotion order)."),
    soak: durationSchema.optional().describe("How long ago, at least, the version must have succeeded in each `after` environment."),
    branches: z.array(globSchema("ref")).min(1).optional().describe("Branch globs this environment accepts (narrows policy.branches)."),
    checks: z.array(z.string().min(1)).default([]).describe("Checks required for this environment, besides policy.checks."),
    configurationItems: z.array(z.string().min(1)).optional().describe("The configuration items a deployment to this environment changes (services, clusters), recorded with each deployment."),
    rollout: rolloutSchema.optional().describe("A phased rollout (canary, blue-green) that `relm rollout` sequences and records."),
    approval: cabRuleSchema.optional().describe("The CAB sign-off this environment requires; the approve job judges it."),
  })
  .describe("An environment's rules.");

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
