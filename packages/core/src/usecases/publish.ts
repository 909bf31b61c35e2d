import { RelmError } from "../errors.ts";
import type { ArtifactUpload, Registry, StoredArtifact } from "../ports/registry.ts";
import { checkArtifactName } from "../record/artifact-name.ts";
import { RECORD_SCHEMA_VERSION, recordKey, releaseRecordSchema, type ReleaseRecord } from "../record/release-record-schema.ts";
import type { ChainRecord } from "../record/verify-chain.ts";
import { appendEntry } from "./chain-append.ts";
import { provenanceArtifact, provenanceStatement } from "../provenance/build-statement.ts";
import { PROVENANCE_ARTIFACT } from "../provenance/statement-schema.ts";

/** Everything the record says about the release except what publishing itself measures. */
export type ReleaseFacts = Omit<ReleaseRecord, "schemaVersion" | "artifacts" | "times" | "chain"> & { created?: string };

export interface PublishInput {
  release: ReleaseFacts;
  artifacts: readonly ArtifactUpload[];
  /** ISO 8601: the record's `times.published` (and `created` when the facts have none). */
  now: string;
  /** The source repository's URL, named in the provenance statement (default: the project's name). */
  repository?: string;
}

export interface PublishResult {
  record: ReleaseRecord;
  digest: string;
  /** False when the same version with the same content was already published (a safe re-run). */
  created: boolean;
}

/**
 * PUBLISH: stream every artifact into the registry (hashed once, on the way), then, holding the
 * registry's lock, append the release record to the project's hash chain. The record goes last, so a
 * reader never sees a release whose artifacts are not all stored; a version is never replaced. Only
 * the chain's tip is read (see chainTip), so publish number 5,000 costs what the first one did.
 */
export async function publishRelease(input: PublishInput, ports: { registry: Registry }): Promise<PublishResult> {
  const { registry } = ports;
  const names = new Set<string>();
  for (const a of input.artifacts) {
    checkArtifactName(a.name);
    if (names.has(a.name)) throw new RelmError("RELM_ARTIFACT_DUPLICATE", "usage", `two artifacts are named ${a.name}`, { details: [{ where: a.name, message: "artifact names must be unique within a release" }] });
    if (a.name === PROVENANCE_ARTIFACT) throw new RelmError("RELM_ARTIFACT_RESERVED", "usage", `${a.name} is the name of the release's provenance statement`, { details: [{ where: a.name, message: "relm writes this artifact itself; rename the file" }] });
    names.add(a.name);
  }
  const stored: StoredArtifact[] = [];
  for (const a of input.artifacts) {
    const s = await registry.putArtifact(a);
    if (a.size !== undefined && s.size !== a.size) {
      throw new RelmError("RELM_ARTIFACT_CHANGED", "integrity", `${a.name} changed while it was published (${a.size} bytes announced, ${s.size} streamed)`, { details: [{ where: a.name, message: "publish artifacts that are no longer being written" }] });
    }
    stored.push(s);
  }
  const { created, ...facts } = input.release;
  // The statement goes in as one more artifact, so every backend stores, hashes and verifies it.
  // Built from the facts alone (no clock), a re-run writes the same bytes; a release of no artifacts has no subject to state.
  if (stored.length > 0) {
    const p = provenanceArtifact(provenanceStatement({ ...facts, created, repository: input.repository }, stored));
    stored.push(await registry.putArtifact({ name: p.name, mediaType: p.mediaType, size: p.size, open: () => once(p.bytes) }));
  }
  stored.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const key = recordKey(facts);
  const appended = await appendEntry(registry, {
    key,
    project: facts.project,
    artifacts: stored,
    build: (chain) =>
      releaseRecordSchema.parse({
        ...facts,
        schemaVersion: RECORD_SCHEMA_VERSION,
        artifacts: stored,
        times: { created: created ?? input.now, published: input.now },
        chain,
      }),
  });
  const entry = appended.entry;
  if (entry.kind !== "release") {
    throw new RelmError("RELM_CHAIN_BROKEN", "integrity", `${entry.where} holds an event where the record of ${key} belongs`);
  }
  if (!appended.created) return unchanged(entry, input.release, stored, registry.location);
  return { record: entry.record, digest: entry.digest, created: true };
}

/** A version that exists: a no-op when the content is the same, a conflict naming the difference otherwise. */
function unchanged(existing: ChainRecord, facts: ReleaseFacts, stored: readonly StoredArtifact[], location: string): PublishResult {
  const differences = differencesFrom(existing.record, facts, stored);
  if (differences.length > 0) {
    throw new RelmError("RELM_VERSION_CONFLICT", "conflict", `${facts.package ? `${facts.package} ` : ""}${facts.version} is already published in ${location} with other content; a published version is immutable`, {
      details: differences,
      hint: "Release a new version. If the published one is wrong, publish a fix as the next version; records are never replaced.",
    });
  }
  return { record: existing.record, digest: existing.digest, created: false };
}

function differencesFrom(record: ReleaseRecord, facts: ReleaseFacts, stored: readonly StoredArtifact[]): { where: string; message: string }[] {
  const out: { where: string; message: string }[] = [];
  for (const key of ["tag", "commit"] as const) {
    if (record[key] !== facts[key]) out.push({ where: key, message: `published ${record[key]}, now ${facts[key]}` });
  }
  // The statement names the run that wrote it: another run of the same release is the same release.
  const before = new Map(record.artifacts.filter((a) => a.name !== PROVENANCE_ARTIFACT).map((a) => [a.name, a]));
  const now = new Map(stored.filter((a) => a.name !== PROVENANCE_ARTIFACT).map((a) => [a.name, a]));
  for (const [name, a] of now) {
    const b = before.get(name);
    if (!b) out.push({ where: name, message: "not in the published release" });
    else if (b.sha256 !== a.sha256 || b.size !== a.size) out.push({ where: name, message: `published sha256 ${b.sha256} (${b.size} bytes), now ${a.sha256} (${a.size} bytes)` });
    else if (b.mediaType !== a.mediaType) out.push({ where: name, message: `published as ${b.mediaType}, now ${a.mediaType}` });
  }
  for (const name of before.keys()) if (!now.has(name)) out.push({ where: name, message: "published, but missing now" });
  return out;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
