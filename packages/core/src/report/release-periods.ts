import { DateTime } from "luxon";
import type { Period } from "./report-schema.ts";
import type { ReleaseFact } from "./release-facts.ts";

export type Granularity = "week" | "month";

function label(t: DateTime, unit: Granularity): string {
  return unit === "week" ? `${t.weekYear}-W${String(t.weekNumber).padStart(2, "0")}` : t.toFormat("yyyy-MM");
}

const tally = (into: Record<string, number>, key: string): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/**
 * Releases per ISO week or calendar month (UTC), every period of the window listed, empty ones too,
 * so a chart's gaps are quiet weeks rather than missing bars.
 */
export function releasePeriods(releases: readonly ReleaseFact[], since: string, until: string, unit: Granularity): Period[] {
  const periods = new Map<string, Period>();
  const end = DateTime.fromISO(until, { zone: "utc" });
  for (let t = DateTime.fromISO(since, { zone: "utc" }).startOf(unit); t < end; t = t.plus(unit === "week" ? { weeks: 1 } : { months: 1 })) {
    periods.set(label(t, unit), { period: label(t, unit), start: t.toISO() ?? "", releases: 0, byBump: {}, byRisk: {} });
  }
  for (const r of releases) {
    const period = periods.get(label(DateTime.fromISO(r.at, { zone: "utc" }), unit));
    if (!period) continue;
    period.releases += 1;
    tally(period.byBump, r.bump);
    tally(period.byRisk, r.risk);
  }
  return [...periods.values()];
}

export function countBy(releases: readonly ReleaseFact[], key: (r: ReleaseFact) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of releases) tally(out, key(r));
  return out;
}
