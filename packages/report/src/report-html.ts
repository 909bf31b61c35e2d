import type { Figure, Report, Spread } from "@relm/core/report/report-schema";
import { figureValue } from "./figure-text.ts";
import { html } from "./html-escape.ts";
import { reportCharts } from "./report-charts.ts";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.value{font-weight:600;white-space:nowrap}.na{color:#a04000}.method{color:#666;font-size:.9em}
.chart{max-width:100%;height:auto;display:block;margin:1rem 0}.chart .grid{stroke:#eee}.chart .axis{stroke:#333}
.chart text{font:11px system-ui,sans-serif;fill:#333}.chart .axis-label{font-size:12px;font-weight:600}`;

const SCHEDULE_ROWS = [["onTime", "Slots shipped on time"], ["late", "Slots shipped late"], ["skipped", "Slots skipped"], ["unplanned", "Releases outside every slot"], ["unplannedEmergencies", "Emergencies outside every slot"]] as const;

function row(name: string, f: Figure): string {
  const cls = f.value === null ? "value na" : "value";
  return `<tr><th>${html(name)}</th><td class="${cls}">${html(figureValue(f))}</td><td>${f.over}</td><td class="method">${html(f.method)}</td></tr>`;
}

const spreadRows = (name: string, s: Spread): string => row(`${name}, median`, s.median) + row(`${name}, p90`, s.p90);

function list<T>(title: string, items: readonly T[], line: (item: T) => string): string {
  return `<h2>${html(title)} (${items.length})</h2>${items.length === 0 ? "<p>None.</p>" : `<ul>${items.map((i) => `<li>${line(i)}</li>`).join("")}</ul>`}`;
}

const tally = (counts: Record<string, number>): string => Object.entries(counts).map(([k, n]) => `${html(k)}: ${n}`).join(", ") || "none";

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no script and no
 * request to anywhere, so it works offline, as a CI artifact and on a Pages site. The report JSON is
 * embedded for tools (as data, never run).
 */
export function reportHtml(r: Report): string {
  const title = `relm report${r.project ? `: ${r.project}` : ""}`;
  const figures = [
    row("Releases", r.releases.total),
    ...Object.entries(r.deploymentFrequency).map(([env, f]) => row(`Deployment frequency, ${env}`, f)),
    spreadRows("Lead time, commit to release", r.leadTime.toRelease),
    spreadRows(`Lead time, commit to ${r.environment}`, r.leadTime.toDeployment),
    row(`Change failure rate, ${r.environment}`, r.changeFailureRate),
    spreadRows("Time to restore", r.timeToRestore),
    spreadRows("Approval latency", r.approvals.latency),
    row("Separation-of-duties refusals", r.approvals.separationOfDuties),
    row("Gate refusals", r.gateRefusals.total),
  ].join("");
  // As \u escapes: no "<" can close the element, and no bidi control reaches the page's source.
  const data = JSON.stringify(r).replace(/[<\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${html(title)}</title><style>${STYLE}</style></head><body>
<h1>${html(title)}</h1>
<p>${html(r.window.since.slice(0, 10))} to ${html(r.window.until.slice(0, 10))} (${r.window.days} days); delivery measured on <strong>${html(r.environment)}</strong>; ${r.chain.records} records and ${r.chain.events} events read${r.chain.problems > 0 ? `, <strong class="na">${r.chain.problems} chain problem(s): run relm verify</strong>` : ""}.</p>
<h2>Charts</h2>
${reportCharts(r).join("\n")}
<h2>Figures</h2>
<table><thead><tr><th>Figure</th><th>Value</th><th>Over</th><th>How it was computed</th></tr></thead><tbody>${figures}</tbody></table>
<p>By bump: ${tally(r.releases.byBump)}. By risk class: ${tally(r.releases.byRisk)}. Sign-offs refused: ${tally(r.approvals.refused)}. Gate refusals by rule code: ${tally(r.gateRefusals.byCode)}.</p>
${list("Emergency changes", r.emergencies, (e) => `${html(e.version)} at ${html(e.at)}${e.reason ? `: ${html(e.reason)}` : ""}`)}
${list("Break-glass overrides", r.overrides, (o) => `${html(o.version)} by ${html(o.by)} via ${html(o.via)}, lifted ${html(o.lifted.join(", ") || "nothing")}: ${html(o.reason)}`)}
${list("Releases inside a freeze", r.inFreeze, (f) => `${html(f.version)} at ${html(f.at)} (${html(f.freezes.join(", "))})`)}
${list("Change failures", r.failures, (f) => `${html(f.version)} failed ${html(f.at)}: ${html(f.why)}${f.restoredAt ? `; restored ${html(f.restoredAt)}` : "; not restored"}`)}
<h2>Schedule adherence</h2><p>${html(r.schedule.note)}.</p>${r.schedule.adherence ? `<table><tbody>${row("Schedule adherence", r.schedule.adherence)}${SCHEDULE_ROWS.map(([k, label]) => { const f = r.schedule[k]; return f ? row(label, f) : ""; }).join("")}</tbody></table>` : ""}
<script type="application/json" id="relm-report">${data}</script>
</body></html>
`;
}
