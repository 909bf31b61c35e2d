import { DateTime } from "luxon";
import type { GatePolicy } from "../policy/gate-schema.ts";
import { freezeAppliesTo, freezeSpecs, frozenIntervalAt, nextFrozenInterval, type FreezeInterval, type FreezeSpec } from "../policy/freeze-windows.ts";
import type { ChainReport } from "../record/verify-chain.ts";
import { slotsBetween } from "../policy/schedule-slots.ts";
import { isoInZone } from "../time/index.ts";
import { cronRecurrence, type Recurrence } from "./cron-recurrence.ts";

export interface CalendarFreeze {
  name: string;
  timeZone: string;
  source: string;
  reason?: string;
  environments?: string[];
  /** The cron expressions of a recurring window, as written. */
  cron?: { start: string; end: string };
  /** Every interval of the window that overlaps the calendar's span, as the gate judges it (ISO 8601 in the window's zone). */
  occurrences: Array<{ start: string; end?: string }>;
  /**
   * Set when one recurrence rule says exactly what the gate does over the span: every cron start
   * opens an interval and each lasts the same wall-clock time. `until` is the last start (UTC).
   */
  recurrence?: Recurrence & { until: string; wallMinutes: number };
}

export interface Calendar {
  from: string;
  to: string;
  freezes: CalendarFreeze[];
  /** The release schedule's slots (trains and dated releases) over the span, in their zones. */
  planned: Array<{ name: string; start: string; end: string; timeZone: string }>;
  releases: Array<{ version: string; package?: string; tag: string; at: string }>;
  deployments: Array<{ version: string; package?: string; environment: string; status: string; at: string; id: string }>;
}

const wallMs = (t: number, zone: string): number => DateTime.fromMillis(t, { zone }).setZone("UTC", { keepLocalTime: true }).toMillis();

function intervals(spec: FreezeSpec, from: number, to: number): FreezeInterval[] {
  const out: FreezeInterval[] = [];
  const current = frozenIntervalAt(spec, from);
  if (current) out.push(current);
  let cursor = current?.end ?? from;
  while (cursor < to) {
    const next = nextFrozenInterval(spec, cursor);
    if (!next || next.start >= to) break;
    out.push(next);
    if (next.end === undefined) break;
    cursor = next.end;
  }
  return out;
}

/** The rule, when it reproduces the gate's intervals exactly: same starts, same wall-clock length. */
function recurrenceOf(spec: FreezeSpec, found: readonly FreezeInterval[]): CalendarFreeze["recurrence"] {
  if (spec.kind !== "recurring" || found.length === 0) return undefined;
  const rule = cronRecurrence(spec.start.expression);
  const first = found[0];
  const last = found.at(-1);
  if (!rule || !first || !last || found.some((i) => i.end === undefined)) return undefined;
  const length = (i: FreezeInterval): number => wallMs(i.end ?? i.start, spec.timeZone) - wallMs(i.start, spec.timeZone);
  if (found.some((i) => length(i) !== length(first))) return undefined;
  let starts = 0;
  for (let t: number | undefined = first.start; t !== undefined && t <= last.start; t = spec.start.after(t)) starts += 1;
  if (starts !== found.length) return undefined;
  return { ...rule, until: new Date(last.start).toISOString(), wallMinutes: length(first) / 60_000 };
}

/**
 * The change calendar over [from, to): every freeze window's intervals as the gate judges them
 * (recurring ones with the rule that repeats them, when one can), the planned release slots, and the
 * releases and deployments the chain recorded. Pure: the policy and the chain were read before.
 */
export function calendarOf(policy: GatePolicy, chain: ChainReport, span: { from: number; to: number; environment?: string }): Calendar {
  const freezes = freezeSpecs(policy.freezes, policy.timeZone)
    .filter((spec) => span.environment === undefined || freezeAppliesTo(spec, span.environment))
    .map((spec): CalendarFreeze => {
      const found = intervals(spec, span.from, span.to);
      const recurrence = recurrenceOf(spec, found);
      return {
        name: spec.name,
        timeZone: spec.timeZone,
        source: spec.source,
        ...(spec.reason === undefined ? {} : { reason: spec.reason }),
        ...(spec.environments === undefined ? {} : { environments: spec.environments }),
        ...(spec.kind === "recurring" ? { cron: { start: spec.start.expression, end: spec.end.expression } } : {}),
        occurrences: found.map((i) => ({ start: isoInZone(i.start, spec.timeZone), ...(i.end === undefined ? {} : { end: isoInZone(i.end, spec.timeZone) }) })),
        ...(recurrence ? { recurrence } : {}),
      };
    });
  const inSpan = (at: string): boolean => Date.parse(at) >= span.from && Date.parse(at) < span.to;
  const releases = chain.records
    .filter((r) => inSpan(r.record.times.created))
    .map(({ record: r }) => ({ version: r.version, ...(r.package === undefined ? {} : { package: r.package }), tag: r.tag, at: r.times.created }));
  const deployments: Calendar["deployments"] = [];
  for (const { event } of chain.events) {
    if (event.event !== "deployment" || event.detail.status === "started") continue;
    const at = event.detail.finishedAt ?? event.at;
    if (!inSpan(at) || (span.environment !== undefined && event.detail.environment !== span.environment)) continue;
    deployments.push({ version: event.subject.version, ...(event.subject.package === undefined ? {} : { package: event.subject.package }), environment: event.detail.environment, status: event.detail.status, at, id: event.detail.deploymentId });
  }
  const planned = policy.schedule ? slotsBetween(policy.schedule, policy.timeZone, span.from, span.to).map((s) => ({ name: s.name, start: isoInZone(s.start, s.timeZone), end: isoInZone(s.end, s.timeZone), timeZone: s.timeZone })) : [];
  return { from: new Date(span.from).toISOString(), to: new Date(span.to).toISOString(), freezes, planned, releases, deployments };
}
