// The signed attestation of a published release: its provenance statement, signed through Sigstore
// and stored by GitHub (`gh attestation verify` reads it), by @actions/attest.
import type { Attestation, AttestOptions } from "@actions/attest";
import { checkProvenance, readProvenance, RelmError, type Registry, type ReleaseRecord } from "@relm/core";

/** @actions/attest's `attest`, or a fake of it: tests cannot reach Sigstore or GitHub's attestation store. */
export type AttestFunction = (options: AttestOptions) => Promise<Attestation>;

/** What the attestation names: GitHub's id for it and the Rekor log index, when the instance keeps one. */
export interface ReleaseAttestation {
  key: string;
  attestationId?: string;
  tlogId?: string;
}

/**
 * Before anything is published: signing needs the run's OIDC token, which GitHub hands out only to a
 * job with `permissions: id-token: write`, so a missing one fails here and not after the record.
 */
export function requireAttestationPermissions(env: NodeJS.ProcessEnv): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return;
  throw new RelmError("RELM_ATTEST_PERMISSIONS", "config", "attest: true needs the job's OIDC token, and this job has none", {
    details: [{ where: "input attest", message: "ACTIONS_ID_TOKEN_REQUEST_URL is not set: the job lacks `id-token: write`" }],
    hint: "Give the publish job `permissions: { contents: read, id-token: write, attestations: write }`, or set attest: false.",
  });
}

/**
 * Attests one published release with the statement the registry holds (read back, checked against
 * the record): the signed statement and the stored one have the same subjects and predicate. A re-run
 * attests again, so an attestation lost to a killed job is made by the next run.
 */
export async function attestRelease(record: ReleaseRecord, ports: { registry: Registry; token: string; attest: AttestFunction }): Promise<ReleaseAttestation | undefined> {
  const key = record.package ? `${record.package}@${record.version}` : record.version;
  const text = await readProvenance(ports.registry, record);
  if (text === undefined) return undefined;
  const check = checkProvenance(record, text);
  if (!check.ok) {
    throw new RelmError("RELM_PROVENANCE_INVALID", "integrity", `the provenance statement of ${key} does not match its record; nothing is attested`, { details: check.problems.map((message) => ({ where: key, message })) });
  }
  const { statement } = check;
  const attestation = await ports.attest({
    subjects: statement.subject.map((s) => ({ name: s.name, digest: { sha256: s.digest.sha256 } })),
    predicateType: statement.predicateType,
    predicate: statement.predicate,
    token: ports.token,
  });
  return { key, ...(attestation.attestationID ? { attestationId: attestation.attestationID } : {}), ...(attestation.tlogID ? { tlogId: attestation.tlogID } : {}) };
}
