import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { ReleaseRecord } from "../record/release-record-schema.ts";
import {
  INTOTO_STATEMENT_TYPE,
  LOCAL_BUILDER_ID,
  PROVENANCE_ARTIFACT,
  PROVENANCE_MEDIA_TYPE,
  RELM_BUILD_TYPE,
  SLSA_PROVENANCE_TYPE,
  type ProvenanceStatement,
} from "./statement-schema.ts";

/** What a statement is built from: the record's facts only, so a re-run builds the same bytes. */
export type ProvenanceFacts = Pick<ReleaseRecord, "project" | "version" | "tag" | "commit"> &
  Partial<Pick<ReleaseRecord, "package" | "environment" | "approval" | "pipeline" | "candidate">> & {
    /** When the release was planned (the record's `times.created` when the caller gave one). */
    created?: string | undefined;
    /** The source repository's URL; the project's name when there is none. */
    repository?: string | undefined;
  };

export interface StatementArtifact {
  name: string;
  sha256: string;
}

/** The builder: the pipeline run's URL on a forge, `relm-local` on a workstation. */
function builderId(pipeline: ProvenanceFacts["pipeline"]): string {
  return pipeline && pipeline.provider !== "local" && pipeline.url ? pipeline.url : LOCAL_BUILDER_ID;
}

/**
 * The in-toto Statement v1 (SLSA provenance v1 predicate) of one release: the subjects are the
 * artifacts' sha256 digests; the predicate names the source commit, the candidate the CAB signed, the
 * environment, the approvals and the pipeline run. No clock is read: the times are the ones the
 * facts hold (candidate planned, release created), so a re-run publish writes the identical statement.
 */
export function provenanceStatement(facts: ProvenanceFacts, artifacts: readonly StatementArtifact[]): ProvenanceStatement {
  const repository = facts.repository ?? facts.project;
  const ref = `refs/tags/${facts.tag}`;
  const subject = artifacts
    .filter((a) => a.name !== PROVENANCE_ARTIFACT)
    .map((a) => ({ name: a.name, digest: { sha256: a.sha256 } }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const approval = facts.approval;
  const invocationId = facts.pipeline?.url ?? facts.pipeline?.id;
  const startedOn = facts.candidate?.createdAt;
  const metadata = { ...(invocationId ? { invocationId } : {}), ...(startedOn ? { startedOn } : {}), ...(facts.created ? { finishedOn: facts.created } : {}) };
  return {
    _type: INTOTO_STATEMENT_TYPE,
    subject,
    predicateType: SLSA_PROVENANCE_TYPE,
    predicate: {
      buildDefinition: {
        buildType: RELM_BUILD_TYPE,
        externalParameters: {
          repository,
          ref,
          commit: facts.commit,
          version: facts.version,
          ...(facts.package ? { package: facts.package } : {}),
          ...(facts.candidate ? { candidate: facts.candidate.digest } : {}),
          ...(facts.environment ? { environment: facts.environment } : {}),
        },
        ...(approval
          ? {
              internalParameters: {
                approvals: {
                  valid: approval.valid,
                  ...(approval.assurance ? { assurance: approval.assurance } : {}),
                  // Comments are untrusted free text: the statement names who, what and where, not what they wrote.
                  evidence: approval.evidence.map((e) => ({ user: e.user, decision: e.decision, at: e.at, source: e.source, ...(e.url ? { url: e.url } : {}), ...(e.candidate ? { candidate: e.candidate } : {}) })),
                },
              },
            }
          : {}),
        resolvedDependencies: [{ uri: `git+${repository}@${ref}`, digest: { gitCommit: facts.commit } }],
      },
      runDetails: {
        builder: { id: builderId(facts.pipeline) },
        ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      },
    },
  };
}

/** The statement's stored bytes: RFC 8785 canonical JSON, one line. */
export function statementText(statement: ProvenanceStatement): string {
  const text = canonicalize(statement);
  if (text === undefined) throw new TypeError("a provenance statement must be a JSON object");
  return `${text}\n`;
}

/** The statement as one more artifact of the release, so every backend stores and hashes it. */
export function provenanceArtifact(statement: ProvenanceStatement): { name: string; mediaType: string; size: number; sha256: string; bytes: Uint8Array } {
  const bytes = new TextEncoder().encode(statementText(statement));
  return { name: PROVENANCE_ARTIFACT, mediaType: PROVENANCE_MEDIA_TYPE, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex"), bytes };
}
