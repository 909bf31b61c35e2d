import { RelmError } from "../errors.ts";
import type { Registry } from "../ports/registry.ts";
import { eventKey, eventRecordSchema, type EventFacts, type EventRecord } from "../record/event-record-schema.ts";
import { RECORD_SCHEMA_VERSION } from "../record/release-record-schema.ts";
import { appendEntry } from "./chain-append.ts";

export interface RecordEventResult {
  event: EventRecord;
  digest: string;
  where: string;
  /** False when the same event was recorded before (a re-run): the chain is unchanged. */
  created: boolean;
}

/**
 * Appends an event about a release to the registry's chain (a refused candidate, a deployment, a
 * rollout step, a back-out, a review, the closure). `identity` is what makes the event one event: a
 * re-run that records the same identity again finds the first one and appends nothing.
 */
export async function recordEvent(facts: EventFacts, identity: string, ports: { registry: Registry }, precondition?: () => Promise<void>): Promise<RecordEventResult> {
  const id = eventKey(facts.event, identity);
  const appended = await appendEntry(ports.registry, {
    key: id,
    project: facts.project,
    artifacts: [],
    ...(precondition ? { precondition } : {}),
    build: (chain) => eventRecordSchema.parse({ schemaVersion: RECORD_SCHEMA_VERSION, kind: "event", id, ...facts, chain }),
  });
  const { entry } = appended;
  if (entry.kind !== "event") throw new RelmError("RELM_CHAIN_BROKEN", "integrity", `${entry.where} holds a release record where the event ${id} belongs`);
  return { event: entry.event, digest: entry.digest, where: entry.where, created: appended.created };
}
