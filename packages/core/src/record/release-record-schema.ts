import { z } from "zod";

/** The record format's version: readers refuse newer ones rather than misread them. */
export const RECORD_SCHEMA_VERSION = 1;

/** Media type of a record when it travels as a file or an OCI layer. */
export const RECORD_MEDIA_TYPE = "application/vnd.relm.release.record.v1+json";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex sha256");
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256:<64 hex>");
const isoTime = z.iso.datetime({ offset: true });

/**
 * Plan and decision come from the planner and the gate and still change shape; the record keeps
 * them as JSON values (validated as JSON, digested like everything else) until they settle.
 */
const jsonValue = z.json();

export const approvalEvidenceSchema = z.strictObject({
  user: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  at: z.string().min(1),
  comment: z.string().optional(),
  source: z.enum(["environment", "comment", "manual-job", "cli", "deployment"]),
  url: z.string().optional(),
  id: z.string().min(1).optional().describe("The forge's identifier of this evidence (run, comment, note, deployment), so that a later step can read it again."),
  candidate: digest.optional().describe("Digest of the release candidate this approval was given for."),
  edited: z.boolean().optional().describe("True when the forge says the comment was edited after it was made; an edited approval never counts."),
});

/** The pipeline run that produced the artifacts (or the event). */
export const pipelineSchema = z
  .strictObject({
    provider: z.enum(["github", "gitlab", "local"]),
    id: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
  });

export const recordArtifactSchema = z.strictObject({
  name: z.string().min(1).describe("Relative path of the artifact inside the release."),
  size: z.number().int().nonnegative(),
  mediaType: z.string().min(1),
  sha256: sha256Hex,
});

export const releaseRecordSchema = z
  .strictObject({
    schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
    project: z.string().min(1),
    package: z.string().min(1).optional().describe("Package name in a monorepo; absent for a single-package repository."),
    version: z.string().min(1),
    tag: z.string().min(1),
    commit: z.string().min(1),
    range: z
      .strictObject({
        from: z.string().min(1).optional().describe("The previous release's tag or commit; absent for a first release."),
        to: z.string().min(1),
        commits: z.number().int().nonnegative().optional(),
      })
      .describe("The commits this release contains."),
    notes: z.string().describe("Release notes (Markdown)."),
    environment: z.string().min(1).optional().describe("The environment the gate and the approvals were for."),
    plan: jsonValue.optional().describe("The release plan (planner output) as JSON."),
    gate: z
      .strictObject({
        allowed: z.boolean(),
        policyRevision: z.string().min(1).optional().describe("Commit (or digest) of the policy the gate read."),
        decision: jsonValue.optional(),
      })
      .optional(),
    approval: z
      .strictObject({
        valid: z.boolean().describe("Whether the CAB sign-off was judged valid."),
        verdict: jsonValue.optional(),
        evidence: z.array(approvalEvidenceSchema),
        assurance: z
          .enum(["forge", "local"])
          .optional()
          .describe("forge: every counted approval was read again from the forge when the release was published; local: asserted on the command line."),
      })
      .optional(),
    artifacts: z.array(recordArtifactSchema),
    pipeline: pipelineSchema.optional().describe("The pipeline run that produced the artifacts."),
    candidate: z
      .strictObject({
        digest: digest.describe("What the CAB signed: the digest of `value`."),
        value: jsonValue.describe("The release candidate (repository, commit, versions, notes and policy digests, artifacts)."),
        createdAt: isoTime.optional().describe("When the candidate was planned and put to the CAB (the start of approval latency)."),
      })
      .optional()
      .describe("The release candidate this release was authorised as."),
    times: z.strictObject({
      created: isoTime.describe("When the release was planned (tag time)."),
      published: isoTime.describe("When this record was written."),
    }),
    chain: z
      .strictObject({
        sequence: z.number().int().positive().describe("1 for the project's first record, then +1 per record."),
        previous: digest.nullable().describe("sha256 of the canonical JSON (RFC 8785) of the previous record; null for the first."),
      })
      .describe("The link to the previous record: any edit or deletion breaks the chain."),
  })
  .describe("relm release record");

export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;
export type RecordArtifact = z.infer<typeof recordArtifactSchema>;

/** The published JSON Schema of the record (committed as schema/release-record.schema.json). */
export function releaseRecordJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(releaseRecordSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://relm.dev/schema/release-record.schema.json",
    title: "relm release record",
  };
}

/** The key a record is filed under: `version`, or `package@version` in a monorepo. */
export function recordKey(record: { package?: string | undefined; version: string }): string {
  return record.package ? `${record.package}@${record.version}` : record.version;
}
