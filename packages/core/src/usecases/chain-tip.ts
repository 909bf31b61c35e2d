import { RelmError } from "../errors.ts";
import type { ChainHead, Registry, StoredRecordText } from "../ports/registry.ts";
import { readEntry, sequenceOf, verifyChain, type ChainEntry, type ChainProblem } from "../record/verify-chain.ts";

/** The newest entry of a registry's chain and the head that names it (moved on when it lagged). */
export interface ChainTip {
  head: ChainHead | undefined;
  newest: ChainEntry | undefined;
  /** The newest entry was written by a publish that stopped before it moved the head. */
  headLagged: boolean;
}

const broken = (location: string, problems: readonly ChainProblem[]) =>
  new RelmError("RELM_CHAIN_BROKEN", "integrity", `the registry ${location} fails verification; nothing is appended to a broken chain`, {
    details: problems.map((p) => ({ where: p.where, message: p.message })),
    hint: "Run `relm verify` and restore the named records from a backup.",
  });

function read(stored: StoredRecordText, location: string): ChainEntry {
  const problems: ChainProblem[] = [];
  const entry = readEntry(stored, problems);
  if (!entry || problems.length > 0) throw broken(location, problems);
  return entry;
}

/**
 * The tip of the chain, checked as far as appending needs: the head's record is there, unedited, and
 * nothing follows it but (at most) the record of a publish that stopped before moving the head. With a
 * backend that indexes chain positions that is two or three reads, however long the chain; otherwise
 * every record is read and the whole chain verified. The full audit is `relm verify`'s.
 */
export async function chainTip(registry: Registry): Promise<ChainTip> {
  const head = await registry.head();
  if (!registry.recordAt) {
    const chain = verifyChain(await registry.records(), head);
    if (chain.problems.length > 0) throw broken(registry.location, chain.problems);
    const newest = chain.entries.at(-1);
    return { head, newest, headLagged: newest !== undefined && head?.digest !== newest.digest };
  }
  const next = await registry.recordAt((head?.sequence ?? 0) + 1);
  if (!head) return { head, newest: next ? read(next, registry.location) : undefined, headLagged: next !== undefined };
  const atHead = (await registry.recordAt(head.sequence)) ?? (await registry.record(head.version));
  if (!atHead) throw broken(registry.location, [{ code: "record-missing", where: "chain head", message: `names ${head.version} at position ${head.sequence}, but that record is absent (deleted?)` }]);
  const tip = read(atHead, registry.location);
  if (tip.digest !== head.digest || sequenceOf(tip) !== head.sequence) {
    throw broken(registry.location, [{ code: "record-edited", where: tip.where, message: `its digest ${tip.digest} at position ${sequenceOf(tip)} is not the ${head.digest} at ${head.sequence} the chain head recorded` }]);
  }
  if (!next) return { head, newest: tip, headLagged: false };
  const lagging = read(next, registry.location);
  const previous = lagging.kind === "release" ? lagging.record.chain.previous : lagging.event.chain.previous;
  if (previous !== tip.digest) {
    throw broken(registry.location, [{ code: "record-edited", where: lagging.where, message: `links to ${String(previous)}, not to ${tip.digest} of ${tip.where}` }]);
  }
  return { head, newest: lagging, headLagged: true };
}

/** The project an entry belongs to. */
export const projectOf = (entry: ChainEntry): string => (entry.kind === "release" ? entry.record.project : entry.event.project);

/** The key an entry is filed under. */
export function keyOf(entry: ChainEntry): string {
  if (entry.kind === "event") return entry.event.id;
  return entry.record.package ? `${entry.record.package}@${entry.record.version}` : entry.record.version;
}
