import { z } from "zod";

export const INTOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const SLSA_PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";
/** What relm's publish is, as a SLSA build type: the meaning of externalParameters below. */
export const RELM_BUILD_TYPE = "https://relm.dev/provenance/publish/v1";
/** The builder id of a publish run outside any CI pipeline. */
export const LOCAL_BUILDER_ID = "relm-local";
/** The artifact a release's statement travels as: stored and hashed like every other artifact. */
export const PROVENANCE_ARTIFACT = "provenance.intoto.json";
export const PROVENANCE_MEDIA_TYPE = "application/vnd.in-toto+json";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex sha256");
const isoTime = z.iso.datetime({ offset: true });

const subjectSchema = z.looseObject({ name: z.string().min(1), digest: z.looseObject({ sha256: sha256Hex }) });

/** One approval as the statement names it: who signed which candidate, and where it was read. */
const approvalSchema = z.strictObject({
  user: z.string().min(1),
  decision: z.enum(["approved", "rejected"]),
  at: z.string().min(1),
  source: z.string().min(1),
  url: z.string().optional(),
  candidate: z.string().optional(),
});

/**
 * The parts of an in-toto Statement v1 with a SLSA provenance v1 predicate that relm writes and
 * checks; other fields (a verifier's or a later version's) are let through, never required.
 */
export const provenanceStatementSchema = z.looseObject({
  _type: z.literal(INTOTO_STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.literal(SLSA_PROVENANCE_TYPE),
  predicate: z.looseObject({
    buildDefinition: z.looseObject({
      buildType: z.string().min(1),
      externalParameters: z.looseObject({
        repository: z.string().min(1),
        ref: z.string().min(1),
        commit: z.string().min(1),
        version: z.string().min(1),
        package: z.string().min(1).optional(),
        candidate: z.string().optional(),
        environment: z.string().optional(),
      }),
      internalParameters: z
        .looseObject({
          approvals: z.strictObject({ valid: z.boolean(), assurance: z.enum(["forge", "local"]).optional(), evidence: z.array(approvalSchema) }).optional(),
        })
        .optional(),
      resolvedDependencies: z.array(z.looseObject({ uri: z.string().min(1), digest: z.record(z.string(), z.string()) })).min(1),
    }),
    runDetails: z.looseObject({
      builder: z.looseObject({ id: z.string().min(1) }),
      metadata: z.looseObject({ invocationId: z.string().optional(), startedOn: isoTime.optional(), finishedOn: isoTime.optional() }).optional(),
    }),
  }),
});

export type ProvenanceStatement = z.infer<typeof provenanceStatementSchema>;

/** The published JSON Schema of what relm writes and checks (committed as schema/provenance-statement.schema.json). */
export function provenanceStatementJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(provenanceStatementSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://relm.dev/schema/provenance-statement.schema.json",
    title: "relm provenance statement (in-toto Statement v1, SLSA provenance v1)",
  };
}
export type StatementSubject = z.infer<typeof subjectSchema>;
