import { counted, hoursBetween, spread } from "./figure.ts";
import type { EventsByKind, ReleaseFact } from "./release-facts.ts";
import { separationRefusals } from "./release-facts.ts";
import type { Report } from "./report-schema.ts";

/** Approval latency, refused sign-offs by outcome, and separation-of-duties refusals. */
export function approvalFigures(releases: readonly ReleaseFact[], events: EventsByKind): Report["approvals"] {
  const latency = releases.flatMap((r) => (r.approval ? [hoursBetween(r.approval.from, r.approval.to)] : []));
  const refused: Record<string, number> = {};
  let separation = releases.reduce((n, r) => n + r.separationOfDuties, 0);
  for (const e of events.rejected) {
    if (e.detail.step === "gate") continue;
    refused[e.detail.outcome] = (refused[e.detail.outcome] ?? 0) + 1;
    separation += separationRefusals(e.detail.verdict);
  }
  return {
    latency: spread(latency, "signed-off release(s)", "hours from the release candidate's creation to the last approval of its sign-off"),
    refused,
    separationOfDuties: counted(separation, "approvals not counted because the approver authored a commit of the release or triggered its run, in published records and refused sign-offs"),
  };
}

/** Gate refusals, and how often each rule code was the reason (a refusal may break several rules). */
export function gateRefusals(events: EventsByKind): Report["gateRefusals"] {
  const byCode: Record<string, number> = {};
  const refusals = events.rejected.filter((e) => e.detail.step === "gate");
  for (const e of refusals) for (const code of new Set(e.detail.violations ?? [])) byCode[code] = (byCode[code] ?? 0) + 1;
  return { total: counted(refusals.length, "recorded gate refusals (rejected events of step gate)"), byCode };
}
