import type { Report } from "@relm/core/report/report-schema";
import { barChart } from "./bar-chart.ts";

const BUMP_COLORS: Record<string, string> = { major: "#c0392b", minor: "#2e86c1", patch: "#27ae60" };
const OTHER = "#7f8c8d";

/** Lead-time buckets (upper bound in hours): a log scale reads better than hours on a line. */
const BUCKETS: [string, number][] = [["< 1 h", 1], ["1–4 h", 4], ["4–24 h", 24], ["1–3 d", 72], ["3–7 d", 168], ["1–4 w", 672], ["> 4 w", Infinity]];

function histogram(samples: readonly number[]): number[] {
  const out = BUCKETS.map(() => 0);
  for (const s of samples) {
    const i = BUCKETS.findIndex(([, upper]) => s < upper);
    out[i] = (out[i] ?? 0) + 1;
  }
  return out;
}

/** Releases over time (stacked by bump), the lead-time distribution, and deployed versus failed releases. */
export function reportCharts(r: Report): string[] {
  const bumps = [...new Set(r.releases.weekly.flatMap((p) => Object.keys(p.byBump)))].sort((a, b) => Object.keys(BUMP_COLORS).indexOf(b) - Object.keys(BUMP_COLORS).indexOf(a));
  const releases = barChart({
    id: "chart-releases",
    title: "Releases per week, by bump",
    categories: r.releases.weekly.map((p) => p.period),
    series: bumps.map((b) => ({ name: b, color: BUMP_COLORS[b] ?? OTHER, values: r.releases.weekly.map((p) => p.byBump[b] ?? 0) })),
    xLabel: "ISO week (UTC)",
    yLabel: "releases",
    stacked: true,
  });
  const lead = barChart({
    id: "chart-lead-time",
    title: "Lead time distribution",
    categories: BUCKETS.map(([label]) => label),
    series: [
      { name: "commit to release", color: "#8e44ad", values: histogram(r.leadTime.toRelease.samples) },
      { name: `commit to ${r.environment}`, color: "#d35400", values: histogram(r.leadTime.toDeployment.samples) },
    ],
    xLabel: "lead time from the release's first commit",
    yLabel: "releases",
  });
  const deployed = r.changeFailureRate.over;
  const failure = barChart({
    id: "chart-failures",
    title: `Change failures in ${r.environment}`,
    categories: ["deployed", "failed", "restored"],
    series: [{ name: "releases", color: "#34495e", values: [deployed, r.failures.length, r.failures.filter((f) => f.restoredAt !== undefined).length] }],
    xLabel: `releases deployed to ${r.environment}`,
    yLabel: "releases",
  });
  return [releases, lead, failure];
}
