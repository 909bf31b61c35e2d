import type { Registry } from "../ports/registry.ts";
import type { EventFacts } from "../record/event-record-schema.ts";
import type { ReleaseFacts } from "./publish.ts";
import type { ReleaseRefusal } from "./release.ts";
import { recordEvent, type RecordEventResult } from "./record-event.ts";

type Json = NonNullable<ReleaseFacts["plan"]>;
const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value ?? null)) as Json;

export interface RefusalContext {
  project: string;
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: ReleaseFacts["pipeline"];
}

/**
 * Records a refused release as one "rejected" event per package it would have released, so the audit
 * and the KPIs see the changes that were turned down. A re-run refused for the same reasons at the same
 * candidate records nothing new. A gate that refuses before anything was planned records nothing.
 */
export async function recordRefusal(refusal: ReleaseRefusal, context: RefusalContext, ports: { registry: Registry }): Promise<RecordEventResult[]> {
  const targets = refusal.plan?.targets ?? [];
  const out: RecordEventResult[] = [];
  const violations = (refusal.gate?.decision as { violations?: { code?: unknown }[] } | undefined)?.violations
    ?.map((v) => v.code)
    .filter((c): c is string => typeof c === "string");
  for (const t of targets) {
    const facts: EventFacts = {
      event: "rejected",
      project: context.project,
      subject: { ...(t.package ? { package: t.package } : {}), version: t.version, tag: t.tag, ...(refusal.candidate ? { candidate: refusal.candidate.digest } : {}) },
      at: context.at,
      ...(context.actor ? { actor: context.actor } : {}),
      ...(context.pipeline ? { pipeline: context.pipeline } : {}),
      detail: {
        step: refusal.step,
        outcome: refusal.outcome,
        ...(refusal.environment ? { environment: refusal.environment } : {}),
        reasons: refusal.reasons,
        ...(violations && violations.length > 0 ? { violations } : {}),
        ...(refusal.approval ? { verdict: toJson(refusal.approval.verdict), evidence: refusal.approval.evidence } : {}),
        ...(refusal.candidate ? { candidate: toJson(refusal.candidate.candidate) } : {}),
      },
    };
    const identity = [refusal.candidate?.digest ?? t.commit, t.tag, refusal.step, refusal.outcome, ...refusal.reasons].join("\n");
    out.push(await recordEvent(facts, identity, ports));
  }
  return out;
}
