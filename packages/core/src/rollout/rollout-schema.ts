import { z } from "zod";
import { durationSchema } from "../time/index.ts";

const argv = z.array(z.string().min(1)).min(1).describe("A command as argv (run without a shell): [./shift-traffic.sh] or [sh, -c, '...'].");

/** One post-deployment check; every one must pass before the rollout goes on. */
export const verificationSchema = z.union([
  z.strictObject({ command: argv.describe("A command that exits 0 when the step is healthy.") }),
  z.strictObject({
    url: z.url({ protocol: /^https?$/ }).describe("A health URL fetched after the step (GET)."),
    status: z.number().int().min(100).max(599).default(200).describe("The HTTP status it must answer."),
    timeout: durationSchema.default("10s").describe("How long the answer may take."),
  }),
  z.strictObject({ checks: z.array(z.string().min(1)).min(1).describe("Commit statuses / check runs that must have succeeded on the release commit (read from the forge).") }),
]);

const percentage = z
  .string()
  .regex(/^(?:100|[1-9]?[0-9])%$/, "expected a percentage such as 5%")
  .describe("The share of traffic the step moves to the new version.");

export const rolloutSchema = z
  .strictObject({
    strategy: z.enum(["big-bang", "canary", "blue-green"]).default("big-bang").describe("big-bang: one step; canary: the percentages in `steps`; blue-green: deploy to the idle slot, verify, switch."),
    steps: z.array(percentage).min(1).optional().describe("canary: the traffic shares in order, ending at 100%."),
    slots: z.tuple([z.string().min(1), z.string().min(1)]).default(["blue", "green"]).describe("blue-green: the two slots; the first is live before any rollout."),
    soak: durationSchema.optional().describe("How long each step must run before the next one starts."),
    hook: argv.optional().describe("The command that carries a step out, with RELM_ROLLOUT_* variables (percentage, slot, action); default: the command given after `--`."),
    verify: z.array(verificationSchema).default([]).describe("Post-deployment verification after every step."),
    onFailure: z.enum(["stop", "backout"]).default("stop").describe("When a step's verification fails: stop there, or back the release out (recorded)."),
  })
  .superRefine((r, ctx) => {
    if (r.strategy === "canary") {
      if (!r.steps) ctx.addIssue({ code: "custom", message: "a canary rollout needs `steps`, e.g. [5%, 25%, 100%]", path: ["steps"] });
      else {
        const values = r.steps.map((s) => Number.parseInt(s, 10));
        if (values.at(-1) !== 100) ctx.addIssue({ code: "custom", message: "the last step must be 100%", path: ["steps", values.length - 1] });
        values.forEach((v, i) => {
          if (i > 0 && v <= (values[i - 1] ?? 0)) ctx.addIssue({ code: "custom", message: `steps must grow: ${r.steps?.[i] ?? ""} after ${r.steps?.[i - 1] ?? ""}`, path: ["steps", i] });
        });
      }
    } else if (r.steps) {
      ctx.addIssue({ code: "custom", message: `\`steps\` is for canary rollouts; a ${r.strategy} rollout has its own`, path: ["steps"] });
    }
    if (r.slots[0] === r.slots[1]) ctx.addIssue({ code: "custom", message: "the two slots need two names", path: ["slots", 1] });
  })
  .describe("How a release is rolled out to the environment: relm sequences and records the steps; the hook moves the traffic.");

export type RolloutConfig = z.infer<typeof rolloutSchema>;
export type Verification = z.infer<typeof verificationSchema>;
