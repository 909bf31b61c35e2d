import type { Figure, Report, Spread } from "@relm/core/report/report-schema";

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function field(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

type Row = [string, string, Figure];

/** One line per figure (metric, scope, value, unit, over, method, note), for a spreadsheet. */
export function reportCsv(r: Report): string {
  const spread = (metric: string, scope: string, s: Spread): Row[] => [[`${metric} median`, scope, s.median], [`${metric} p90`, scope, s.p90]];
  const rows: Row[] = [
    ["releases", "all", r.releases.total],
    ...Object.entries(r.deploymentFrequency).map(([env, f]): Row => ["deployment frequency", env, f]),
    ...spread("lead time to release", "all", r.leadTime.toRelease),
    ...spread("lead time to deployment", r.environment, r.leadTime.toDeployment),
    ["change failure rate", r.environment, r.changeFailureRate],
    ...spread("time to restore", r.environment, r.timeToRestore),
    ...spread("approval latency", "all", r.approvals.latency),
    ["separation-of-duties refusals", "all", r.approvals.separationOfDuties],
    ["gate refusals", "all", r.gateRefusals.total],
  ];
  const lines = [["metric", "scope", "value", "unit", "over", "method", "note"].join(",")];
  for (const [metric, scope, f] of rows) lines.push([metric, scope, f.value, f.unit, f.over, f.method, f.note ?? ""].map(field).join(","));
  for (const p of r.releases.weekly) lines.push(["releases per week", p.period, p.releases, "count", p.releases, "release records whose tag time falls in the ISO week (UTC)", ""].map(field).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
