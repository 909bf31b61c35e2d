import { RelmError } from "../errors.ts";
import type { Registry, StoredArtifact } from "../ports/registry.ts";
import { recordDigest, recordText } from "../record/record-digest.ts";
import { readEntry, sequenceOf, type ChainEntry, type ChainProblem } from "../record/verify-chain.ts";
import { chainTip, keyOf, projectOf } from "./chain-tip.ts";

export interface AppendRequest {
  /** The key the entry is filed under: exclusive, so an entry is never recorded twice. */
  key: string;
  project: string;
  /** Artifacts the entry names (a release's); the backend checks they are stored before the record. */
  artifacts: readonly StoredArtifact[];
  /**
   * Checked while the lock is held and only when the key is not filed yet: what must still hold when
   * the entry is appended (no other deployment of the environment is running), or it throws.
   */
  precondition?: () => Promise<void>;
  /** The entry at its place in the chain. */
  build(link: { sequence: number; previous: string | null }): Record<string, unknown>;
}

export interface AppendResult {
  entry: ChainEntry;
  /** False when an entry was already filed under the key (a re-run); the caller compares it. */
  created: boolean;
}

function readStored(text: string, key: string, where: string, location: string): ChainEntry {
  const problems: ChainProblem[] = [];
  const entry = readEntry({ version: key, text, where }, problems);
  if (!entry || problems.length > 0) {
    throw new RelmError("RELM_CHAIN_BROKEN", "integrity", `${where} in ${location} cannot be read as a chain entry`, { details: problems.map((p) => ({ where: p.where, message: p.message })) });
  }
  return entry;
}

/**
 * Appends one entry (a release record or an event) to the registry's hash chain, holding its lock:
 * finishes the append of a run that stopped before moving the head, refuses a registry that holds
 * another project, and returns the entry already filed under the key instead of writing a second one.
 */
export async function appendEntry(registry: Registry, request: AppendRequest): Promise<AppendResult> {
  return registry.lock(async () => {
    const tip = await chainTip(registry);
    const newest = tip.newest;
    // One chain per registry location, so "the previous record" is the previous record of this project.
    if (newest && projectOf(newest) !== request.project) {
      throw new RelmError("RELM_REGISTRY_PROJECT", "config", `${registry.location} holds the releases of project ${projectOf(newest)}, not ${request.project}`, {
        details: [{ where: newest.where, message: `project ${projectOf(newest)}` }],
        hint: "Give each project its own registry location (directory or OCI repository), or set `project:` in .relm.yml to the same name.",
      });
    }
    if (newest && tip.headLagged) {
      const key = keyOf(newest);
      const artifacts = newest.kind === "release" ? newest.record.artifacts : [];
      await registry.writeRecord({ version: key, text: newest.text, artifacts, head: { sequence: sequenceOf(newest), digest: newest.digest, version: key } });
    }
    const found = await registry.record(request.key);
    if (found) return { entry: readStored(found.text, request.key, found.where, registry.location), created: false };
    await request.precondition?.();
    const value = request.build({ sequence: (newest ? sequenceOf(newest) : 0) + 1, previous: newest?.digest ?? null });
    const text = recordText(value);
    const digest = recordDigest(value);
    const sequence = (newest ? sequenceOf(newest) : 0) + 1;
    const write = await registry.writeRecord({ version: request.key, text, artifacts: request.artifacts, head: { sequence, digest, version: request.key } });
    if (!write.written) return { entry: readStored(write.existing.text, request.key, write.existing.where, registry.location), created: false };
    return { entry: readStored(text, request.key, request.key, registry.location), created: true };
  });
}
