import type { ChainReport } from "../record/verify-chain.ts";
import { approvalFigures, gateRefusals } from "./approval-figures.ts";
import { deploymentFrequency, delivery } from "./delivery-figures.ts";
import { counted } from "./figure.ts";
import { eventsByKind, releaseFacts, type EventsByKind, type ReleaseFact } from "./release-facts.ts";
import { countBy, releasePeriods } from "./release-periods.ts";
import { REPORT_SCHEMA_ID, type Report } from "./report-schema.ts";
import { scheduleAdherence } from "./schedule-adherence.ts";
import type { Slot } from "../policy/schedule-slots.ts";

export interface ReportWindow {
  /** ISO 8601 instants: releases and events at or after `since` and before `until` count. */
  since: string;
  until: string;
  /** The environment lead time to deployment, failure rate and time to restore are measured on. */
  environment: string;
  project?: string;
  /** The release schedule's slots that opened in the window, when the policy has a schedule. */
  slots?: readonly Slot[];
}

const inWindow = (w: ReportWindow) => (at: string): boolean => {
  const t = Date.parse(at);
  return t >= Date.parse(w.since) && t < Date.parse(w.until);
};

function ref(r: ReleaseFact): { version: string; package?: string; at: string } {
  return { version: r.version, ...(r.package === undefined ? {} : { package: r.package }), at: r.at };
}

/**
 * The KPI report over a window of the chain: every figure says how it was computed and over how many
 * releases, and one with too little data is null with a note instead of a misleading 0%. Pure: the
 * chain was read and verified before.
 */
export function computeReport(chain: ChainReport, window: ReportWindow): Report {
  const within = inWindow(window);
  const releases = releaseFacts(chain).filter((r) => within(r.at));
  const all = eventsByKind(chain);
  const events: EventsByKind = {
    deployments: all.deployments.filter((d) => within(d.detail.finishedAt ?? d.at)),
    backouts: all.backouts.filter((b) => within(b.at)),
    reviews: all.reviews.filter((r) => within(r.at)),
    rejected: all.rejected.filter((r) => within(r.at)),
  };
  const days = (Date.parse(window.until) - Date.parse(window.since)) / 86_400_000;
  const d = delivery(releases, events, window.environment);
  return {
    schema: REPORT_SCHEMA_ID,
    ...(window.project === undefined ? {} : { project: window.project }),
    window: { since: window.since, until: window.until, days: Math.round(days * 1000) / 1000 },
    environment: window.environment,
    chain: { records: chain.records.length, events: chain.events.length, problems: chain.problems.length },
    releases: {
      total: counted(releases.length, "release records whose tag time falls in the window"),
      byBump: countBy(releases, (r) => r.bump),
      byRisk: countBy(releases, (r) => r.risk),
      weekly: releasePeriods(releases, window.since, window.until, "week"),
      monthly: releasePeriods(releases, window.since, window.until, "month"),
    },
    emergencies: releases.filter((r) => r.risk === "emergency").map((r) => ({ ...ref(r), ...(r.override ? { reason: r.override.reason } : {}) })),
    overrides: releases.flatMap((r) => (r.override ? [{ ...ref(r), ...r.override }] : [])),
    inFreeze: releases.filter((r) => r.freezes.length > 0).map((r) => ({ ...ref(r), freezes: r.freezes })),
    deploymentFrequency: deploymentFrequency(events.deployments, days),
    leadTime: d.leadTime,
    changeFailureRate: d.changeFailureRate,
    failures: d.failures,
    timeToRestore: d.timeToRestore,
    approvals: approvalFigures(releases, events),
    gateRefusals: gateRefusals(events),
    schedule: window.slots ? scheduleAdherence(window.slots, releases) : { note: "the policy has no release schedule: adherence is not measured" },
  };
}
