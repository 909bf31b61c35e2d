import type { ChainHead, StoredRecordText } from "../ports/registry.ts";
import { eventRecordSchema, type EventRecord } from "./event-record-schema.ts";
import { recordDigest, recordText } from "./record-digest.ts";
import { recordKey, releaseRecordSchema, RECORD_SCHEMA_VERSION, type ReleaseRecord } from "./release-record-schema.ts";

/** One thing wrong with the stored records; `where` names the record (or artifact) so a human can look. */
export interface ChainProblem {
  code: "record-unreadable" | "record-invalid" | "record-misfiled" | "record-edited" | "record-missing" | "sequence-duplicate" | "head-mismatch" | "artifact-missing" | "artifact-altered" | "provenance-invalid";
  where: string;
  message: string;
}

export interface ChainRecord {
  kind: "release";
  record: ReleaseRecord;
  /** The exact stored text. */
  text: string;
  digest: string;
  where: string;
}

export interface ChainEvent {
  kind: "event";
  event: EventRecord;
  text: string;
  digest: string;
  where: string;
}

/** One link of the chain: a release record or an event about a release. */
export type ChainEntry = ChainRecord | ChainEvent;

export interface ChainReport {
  /** The release records that could be read, in chain order. */
  records: ChainRecord[];
  /** The events that could be read, in chain order. */
  events: ChainEvent[];
  /** Both, in chain order. */
  entries: ChainEntry[];
  problems: ChainProblem[];
}

/** The chain position of an entry. */
export const sequenceOf = (entry: ChainEntry): number => (entry.kind === "release" ? entry.record.chain.sequence : entry.event.chain.sequence);
const previousOf = (entry: ChainEntry): string | null => (entry.kind === "release" ? entry.record.chain.previous : entry.event.chain.previous);

/**
 * Checks the hash chain: every record parses and is in canonical form, sequences run 1..n without
 * gaps or twins, each `chain.previous` is the digest of the record before it, and the head names the
 * newest. An edited record breaks the next link (or the head); a deleted one leaves a gap.
 */
export function verifyChain(stored: readonly StoredRecordText[], head: ChainHead | undefined): ChainReport {
  const problems: ChainProblem[] = [];
  const entries: ChainEntry[] = [];
  for (const s of stored) {
    const read = readEntry(s, problems);
    if (read) entries.push(read);
  }
  entries.sort((a, b) => sequenceOf(a) - sequenceOf(b));
  let expected = 1;
  let previous: ChainEntry | undefined;
  for (const current of entries) {
    const sequence = sequenceOf(current);
    if (previous && sequence === sequenceOf(previous)) {
      problems.push({ code: "sequence-duplicate", where: current.where, message: `claims chain position ${sequence}, like ${previous.where}` });
      continue;
    }
    if (sequence > expected) {
      const gap = sequence - expected === 1 ? `position ${expected} is` : `positions ${expected}..${sequence - 1} are`;
      problems.push({ code: "record-missing", where: current.where, message: `chain ${gap} missing before this record (deleted?)` });
    }
    const wanted = previous?.digest ?? null;
    if (sequence === expected && previousOf(current) !== wanted) {
      problems.push(
        previous
          ? { code: "record-edited", where: previous.where, message: `its digest ${previous.digest} is not the ${String(previousOf(current))} that ${current.where} recorded: one of the two was edited` }
          : { code: "record-edited", where: current.where, message: `the first record must have chain.previous null, found ${String(previousOf(current))}` },
      );
    }
    expected = sequence + 1;
    previous = current;
  }
  checkHead(entries, head, problems);
  const records = entries.filter((e): e is ChainRecord => e.kind === "release");
  const events = entries.filter((e): e is ChainEvent => e.kind === "event");
  return { records, events, entries, problems };
}

function checkHead(records: readonly ChainEntry[], head: ChainHead | undefined, problems: ChainProblem[]): void {
  const newest = records.at(-1);
  if (!head) {
    // The first publish may stop after its record and before the head: as complete as a lagging head.
    if (newest && records.length > 1) problems.push({ code: "head-mismatch", where: "chain head", message: "records exist but the chain head is missing" });
    return;
  }
  // A publish killed between writing its record and moving the head leaves the head one behind; the
  // record is the commit point, so that is complete (the next publish moves the head).
  const behind = records.at(-2);
  if (newest && behind && head.sequence === sequenceOf(behind) && head.digest === behind.digest) return;
  if (!newest || head.sequence !== sequenceOf(newest)) {
    problems.push({ code: "record-missing", where: "chain head", message: `names ${head.version} at position ${head.sequence}, but the newest record is ${newest ? `${newest.where} at ${sequenceOf(newest)}` : "absent"} (deleted?)` });
  } else if (head.digest !== newest.digest) {
    problems.push({ code: "record-edited", where: newest.where, message: `its digest ${newest.digest} is not the ${head.digest} the chain head recorded` });
  }
}

/** One stored text read as a chain entry (release record or event), with every problem it has. */
export function readEntry(s: StoredRecordText, problems: ChainProblem[]): ChainEntry | undefined {
  let json: unknown;
  try {
    json = JSON.parse(s.text);
  } catch (error) {
    problems.push({ code: "record-unreadable", where: s.where, message: `not JSON: ${(error as Error).message}` });
    return undefined;
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > RECORD_SCHEMA_VERSION) {
    problems.push({ code: "record-invalid", where: s.where, message: `schemaVersion ${version} is newer than this relm reads (${RECORD_SCHEMA_VERSION}); upgrade relm` });
    return undefined;
  }
  const isEvent = (json as { kind?: unknown } | null)?.kind === "event";
  const parsed = isEvent ? eventRecordSchema.safeParse(json) : releaseRecordSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    problems.push({ code: "record-invalid", where: s.where, message: `${first?.path.join(".") || "(record)"}: ${first?.message ?? "invalid"}` });
    return undefined;
  }
  if (recordText(json) !== s.text) {
    problems.push({ code: "record-edited", where: s.where, message: "the stored text is not the canonical JSON relm wrote (edited by hand?)" });
  }
  const digest = recordDigest(json);
  const data = parsed.data;
  const key = "kind" in data && data.kind === "event" ? data.id : recordKey(data as ReleaseRecord);
  if (key !== s.version) {
    problems.push({ code: "record-misfiled", where: s.where, message: `is filed as ${s.version} but records ${isEvent ? "event" : "version"} ${key}` });
  }
  return "kind" in data && data.kind === "event"
    ? { kind: "event", event: data, text: s.text, digest, where: s.where }
    : { kind: "release", record: data as ReleaseRecord, text: s.text, digest, where: s.where };
}
