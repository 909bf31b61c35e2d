import { z } from "zod";

/** The report's format id: readers refuse other majors rather than misread them. */
export const REPORT_SCHEMA_ID = "relm.report/1";

/** Below this many samples a rate, median or p90 is not worth printing: the figure says so instead. */
export const MIN_SAMPLES = 3;

export const figureSchema = z
  .strictObject({
    value: z.number().nullable().describe("The figure; null when there was too little data (see note)."),
    unit: z.enum(["count", "ratio", "hours", "per-week"]),
    over: z.number().int().nonnegative().describe("How many releases (or deployments, or approvals) the figure was computed over."),
    method: z.string().describe("How the figure was computed, in one sentence."),
    note: z.string().optional().describe("Why the value is null (too little data), or what was left out."),
  })
  .describe("One computed figure with its method and sample size.");

const spreadSchema = z.strictObject({
  median: figureSchema,
  p90: figureSchema,
  samples: z.array(z.number()).describe("The measured values (hours), sorted, for the distribution chart."),
});

const counts = z.record(z.string(), z.number().int().nonnegative());

export const periodSchema = z.strictObject({
  period: z.string().describe("2026-W07 (ISO week) or 2026-02 (month), in UTC."),
  start: z.string().describe("The period's first instant (ISO 8601, UTC)."),
  releases: z.number().int().nonnegative(),
  byBump: counts,
  byRisk: counts,
});

const releaseRef = {
  version: z.string(),
  package: z.string().optional(),
  at: z.string(),
};

export const reportSchema = z
  .strictObject({
    schema: z.literal(REPORT_SCHEMA_ID),
    project: z.string().optional(),
    window: z.strictObject({ since: z.string(), until: z.string(), days: z.number() }),
    environment: z.string().describe("The environment that lead time to deployment, failure rate and time to restore are measured on."),
    chain: z.strictObject({ records: z.number().int(), events: z.number().int(), problems: z.number().int().describe("Chain problems found (see relm verify); figures are computed from what could be read.") }),
    releases: z.strictObject({
      total: figureSchema,
      byBump: counts,
      byRisk: counts,
      weekly: z.array(periodSchema),
      monthly: z.array(periodSchema),
    }),
    emergencies: z.array(z.strictObject({ ...releaseRef, reason: z.string().optional() })).describe("Releases of risk class emergency."),
    overrides: z.array(z.strictObject({ ...releaseRef, by: z.string(), via: z.string(), reason: z.string(), lifted: z.array(z.string()) })).describe("Accepted break-glass overrides."),
    inFreeze: z.array(z.strictObject({ ...releaseRef, freezes: z.array(z.string()) })).describe("Releases the gate let through while a freeze window was active."),
    deploymentFrequency: z.record(z.string(), figureSchema).describe("Successful deployments per week, per environment."),
    leadTime: z.strictObject({
      toRelease: spreadSchema.describe("First commit of the release → the release (tag time)."),
      toDeployment: spreadSchema.describe("First commit of the release → its first successful deployment to the environment."),
    }),
    changeFailureRate: figureSchema,
    failures: z.array(z.strictObject({ ...releaseRef, why: z.string(), restoredAt: z.string().optional() })),
    timeToRestore: spreadSchema,
    approvals: z.strictObject({
      latency: spreadSchema.describe("Release candidate created → the last approval of its sign-off."),
      refused: counts.describe("Sign-offs refused, by outcome: rejected, expired, missing, mismatch."),
      separationOfDuties: figureSchema.describe("Approvals not counted because the approver authored a commit or triggered the run."),
    }),
    gateRefusals: z.strictObject({ total: figureSchema, byCode: counts }),
    schedule: z
      .strictObject({
        note: z.string(),
        adherence: figureSchema.optional(),
        onTime: figureSchema.optional(),
        late: figureSchema.optional(),
        skipped: figureSchema.optional(),
        unplanned: figureSchema.optional(),
        unplannedEmergencies: figureSchema.optional(),
      })
      .describe("Schedule adherence (planned slots shipped on time, late, skipped); only a note when the policy has no schedule."),
  })
  .describe("relm KPI report");

export type Figure = z.infer<typeof figureSchema>;
export type Spread = z.infer<typeof spreadSchema>;
export type Period = z.infer<typeof periodSchema>;
export type Report = z.infer<typeof reportSchema>;

/** The published JSON Schema of `relm report --format json` (committed as schema/report.schema.json). */
export function reportJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(reportSchema, { io: "input" }), $id: "https://relm.dev/schema/report.schema.json", title: "relm KPI report" };
}
