// Owned by the gate (issue 3): the `policy:` part of .relm.yml.
import { z } from "zod";
import { freezeWindowSchema, timeZoneSchema } from "./freeze-schema.ts";
import { overrideSchema } from "./override-schema.ts";
import { riskSchema } from "./risk-schema.ts";
import { environmentSchema } from "./environment-schema.ts";
import { globSchema } from "./glob-match.ts";
import { scheduleSchema } from "./schedule-schema.ts";

export const gateSchema = z
  .strictObject({
    timeZone: timeZoneSchema.default("UTC").describe("Default time zone of freeze windows."),
    branches: z.array(globSchema("ref")).min(1).optional().describe("Branch globs a release may be cut from; any when absent."),
    tags: z.array(globSchema("ref")).min(1).optional().describe("Tag globs a release may run on; any when absent. Set it whenever branches is set: a tag run is judged by tags alone."),
    checks: z.array(z.string().min(1)).default([]).describe("Commit statuses / check runs that must have succeeded on the release commit."),
    freezes: z.array(freezeWindowSchema).default([]).describe("Change freezes, recurring or one-off."),
    override: overrideSchema.optional(),
    risk: riskSchema.optional(),
    environments: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "expected an environment name"), environmentSchema).default({}),
    schedule: scheduleSchema.optional(),
  })
  .superRefine((policy, ctx) => {
    const names = new Set(Object.keys(policy.environments));
    for (const [env, rules] of Object.entries(policy.environments)) {
      rules.after.forEach((before, i) => {
        if (!names.has(before)) ctx.addIssue({ code: "custom", message: `unknown environment ${JSON.stringify(before)}; declare it under policy.environments`, path: ["environments", env, "after", i] });
      });
      if (rules.soak !== undefined && rules.after.length === 0) ctx.addIssue({ code: "custom", message: "soak needs `after`: the environments it is measured in", path: ["environments", env, "soak"] });
    }
    // A misspelt environment would silently switch a freeze or a risk class off: names must be declared.
    const declared = (list: readonly string[] | undefined, path: Array<string | number>) =>
      (list ?? []).forEach((env, i) => {
        if (!names.has(env)) ctx.addIssue({ code: "custom", message: `unknown environment ${JSON.stringify(env)}; declare it under policy.environments (\`${env}: {}\` will do)`, path: [...path, i] });
      });
    policy.freezes.forEach((w, i) => declared(w.environments, ["freezes", i, "environments"]));
    (policy.risk?.classes ?? []).forEach((c, i) => declared(c.environments, ["risk", "classes", i, "environments"]));
    declared(policy.schedule?.environments, ["schedule", "environments"]);
    const cycle = promotionCycle(policy.environments);
    if (cycle) ctx.addIssue({ code: "custom", message: `promotion order has a cycle: ${cycle.join(" -> ")}`, path: ["environments", cycle[0] ?? "", "after"] });
  })
  .describe("Release policy: branches, freeze windows, checks, risk classes, environments.");

function promotionCycle(envs: Record<string, { after: string[] }>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const visit = (env: string, path: string[]): string[] | undefined => {
    if (state.get(env) === "done") return undefined;
    if (state.get(env) === "visiting") return [...path.slice(path.indexOf(env)), env];
    state.set(env, "visiting");
    for (const before of envs[env]?.after ?? []) {
      const found = visit(before, [...path, env]);
      if (found) return found;
    }
    state.set(env, "done");
    return undefined;
  };
  for (const env of Object.keys(envs)) {
    const found = visit(env, []);
    if (found) return found;
  }
  return undefined;
}

export type GatePolicy = z.infer<typeof gateSchema>;
