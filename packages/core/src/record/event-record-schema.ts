import { createHash } from "node:crypto";
import { z } from "zod";
import { RECORD_SCHEMA_VERSION, approvalEvidenceSchema, pipelineSchema } from "./release-record-schema.ts";

// The chain holds what happened to a release after (or instead of) its record: a refused candidate,
// deployments, rollout steps, back-outs, the review and the closure. Each is an event record, linked
// into the same hash chain as the release records, so the audit reads one ordered history.
//
// These shapes are shared by several lifecycle steps and by the KPI report: extend them with optional
// fields; never rename or remove one (old chains must keep verifying).

const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256:<64 hex>");
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex sha256");
const isoTime = z.iso.datetime({ offset: true });
const jsonValue = z.json();

/** The release an event is about: a published version, or (for a refusal) the candidate that was refused. */
export const eventSubjectSchema = z.strictObject({
  package: z.string().min(1).optional().describe("Package name in a monorepo."),
  version: z.string().min(1),
  tag: z.string().min(1).optional(),
  candidate: digest.optional().describe("Digest of the release candidate the event concerns."),
});

const artifactDigest = z.strictObject({ name: z.string().min(1), sha256: sha256Hex, size: z.number().int().nonnegative() });

/** A candidate that did not pass: the CAB said no, the sign-off expired or never came, or the gate refused. */
export const rejectedDetail = z.strictObject({
  step: z.enum(["gate", "approve", "tag", "publish"]).describe("The step that refused."),
  outcome: z.enum(["rejected", "expired", "missing", "denied", "mismatch"]).describe("rejected: a CAB member said no; expired: the time allowed ran out; missing: too few valid approvals; denied: the gate refused; mismatch: the candidate changed after sign-off."),
  environment: z.string().min(1).optional(),
  reasons: z.array(z.string()),
  violations: z.array(z.string()).optional().describe("The gate's violation codes, when the gate refused."),
  verdict: jsonValue.optional(),
  evidence: z.array(approvalEvidenceSchema).optional(),
  candidate: jsonValue.optional().describe("The refused release candidate as JSON."),
});

export const deploymentDetail = z.strictObject({
  environment: z.string().min(1),
  status: z.enum(["started", "success", "failure"]),
  deploymentId: z.string().min(1).describe("Unique per deployment attempt; a re-run with the same id is the same deployment."),
  commit: z.string().min(1),
  artifacts: z.array(artifactDigest).describe("The artifacts as fetched and hashed for the deployment."),
  configurationItems: z.array(z.string().min(1)).optional().describe("The configuration items the policy names for the environment."),
  rolloutId: z.string().min(1).optional(),
  forge: z.strictObject({ id: z.string().optional(), url: z.string().optional() }).optional().describe("The forge's mirror of the deployment."),
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  message: z.string().optional(),
});

export const rolloutDetail = z.strictObject({
  environment: z.string().min(1),
  rolloutId: z.string().min(1),
  strategy: z.enum(["big-bang", "canary", "blue-green"]),
  action: z.enum(["start", "step", "verify", "switch", "complete", "abort"]),
  step: z.number().int().nonnegative().describe("Index of the step (0 = start)."),
  steps: z.number().int().positive().describe("How many steps the plan has."),
  percentage: z.number().min(0).max(100).optional(),
  slot: z.string().min(1).optional().describe("Blue-green: the slot this step makes live (or targets)."),
  status: z.enum(["success", "failure"]),
  verification: z.array(z.strictObject({ kind: z.string().min(1), target: z.string(), ok: z.boolean(), detail: z.string().optional() })).optional(),
  reason: z.string().optional(),
  plan: z
    .array(z.strictObject({ index: z.number().int().positive(), action: z.enum(["step", "switch"]), percentage: z.number().min(0).max(100).optional(), slot: z.string().min(1).optional() }))
    .optional()
    .describe("start: the steps the rollout will take, fixed when it starts (the policy may change later)."),
  deploymentId: z.string().min(1).optional().describe("The deployment the rollout carries out."),
});

export const backoutDetail = z.strictObject({
  environment: z.string().min(1),
  to: z.string().min(1).describe("The version deployed instead (the previous good one)."),
  reason: z.string().min(1),
  rolloutId: z.string().min(1).optional(),
  deploymentId: z.string().min(1).optional(),
});

export const reviewDetail = z.strictObject({
  outcome: z.enum(["success", "partial", "failed"]),
  notes: z.string().describe("The post-implementation review (Markdown)."),
});

export const closeDetail = z.strictObject({
  reason: z.string().optional(),
  notified: z.array(z.string()).optional().describe("Issues, PRs and hooks told that the release shipped."),
});

const envelope = {
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  kind: z.literal("event"),
  id: z.string().regex(/^event-[a-z-]+-[0-9a-f]{32}$/, "event-<kind>-<32 hex>").describe("The key the event is filed under (eventKey)."),
  project: z.string().min(1),
  subject: eventSubjectSchema,
  at: isoTime.describe("When it happened."),
  actor: z.string().min(1).optional().describe("Who did it (login), when known."),
  pipeline: pipelineSchema.optional(),
  chain: z.strictObject({
    sequence: z.number().int().positive(),
    previous: digest.nullable(),
  }),
};

export const eventRecordSchema = z
  .discriminatedUnion("event", [
    z.strictObject({ ...envelope, event: z.literal("rejected"), detail: rejectedDetail }),
    z.strictObject({ ...envelope, event: z.literal("deployment"), detail: deploymentDetail }),
    z.strictObject({ ...envelope, event: z.literal("rollout"), detail: rolloutDetail }),
    z.strictObject({ ...envelope, event: z.literal("backout"), detail: backoutDetail }),
    z.strictObject({ ...envelope, event: z.literal("review"), detail: reviewDetail }),
    z.strictObject({ ...envelope, event: z.literal("close"), detail: closeDetail }),
  ])
  .describe("relm chain event");

export type EventRecord = z.infer<typeof eventRecordSchema>;
export type EventKind = EventRecord["event"];
/** An event as a step hands it over: the chain link is added when it is appended. */
export type EventFacts = EventRecord extends infer E ? (E extends EventRecord ? Omit<E, "schemaVersion" | "kind" | "id" | "chain"> : never) : never;
export type EventOf<K extends EventKind> = Extract<EventRecord, { event: K }>;

/**
 * The key an event is filed under: its kind and a hash of what makes it unique (a deployment's id and
 * status, a rollout's id, step and action, a refused candidate and its reasons). The key is created
 * exclusively, so a re-run that records the same event again finds it instead of recording it twice.
 * No version or `pkg@version` starts with `event-`.
 */
export function eventKey(event: EventKind, identity: string): string {
  return `event-${event}-${createHash("sha256").update(identity, "utf8").digest("hex").slice(0, 32)}`;
}

export function isEventKey(key: string): boolean {
  return key.startsWith("event-");
}

/** The published JSON Schema of an event record (committed as schema/event-record.schema.json). */
export function eventRecordJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(eventRecordSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://relm.dev/schema/event-record.schema.json",
    title: "relm chain event",
  };
}
