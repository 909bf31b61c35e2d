import type { Report } from "@relm/core/report/report-schema";
import { figureValue, shown, spreadText, tallyText } from "./figure-text.ts";

const day = (iso: string): string => iso.slice(0, 10);

/** The report for a terminal or a job summary: one figure a line, each saying what it was computed over. */
export function reportText(r: Report): string {
  const lines: string[] = [];
  lines.push(`relm report${r.project ? ` for ${shown(r.project)}` : ""}: ${day(r.window.since)} to ${day(r.window.until)} (${r.window.days} days), environment ${shown(r.environment)}`);
  if (r.chain.problems > 0) lines.push(`warning: the chain has ${r.chain.problems} problem(s); run \`relm verify\``);
  lines.push("");
  lines.push(`Releases: ${figureValue(r.releases.total)} (by bump: ${tallyText(r.releases.byBump)}; by risk class: ${tallyText(r.releases.byRisk)})`);
  lines.push(`  per month: ${r.releases.monthly.map((p) => `${p.period} ${p.releases}`).join(", ") || "none"}`);
  lines.push(`Emergency changes: ${r.emergencies.length}${r.emergencies.map((e) => `\n  ${shown(e.version)} ${e.at}${e.reason ? `: ${shown(e.reason)}` : ""}`).join("")}`);
  lines.push(`Break-glass overrides: ${r.overrides.length}${r.overrides.map((o) => `\n  ${shown(o.version)} by ${shown(o.by)} via ${o.via}, lifted ${o.lifted.map(shown).join(", ") || "nothing"}: ${shown(o.reason)}`).join("")}`);
  lines.push(`Releases inside a freeze: ${r.inFreeze.length}${r.inFreeze.map((f) => `\n  ${shown(f.version)} ${f.at} (${f.freezes.map(shown).join(", ")})`).join("")}`);
  lines.push("");
  const envs = Object.entries(r.deploymentFrequency);
  lines.push(envs.length === 0 ? "Deployment frequency: no deployments recorded" : "Deployment frequency:");
  for (const [env, f] of envs) lines.push(`  ${shown(env)}: ${figureValue(f)}${f.value === null ? "" : ` (over ${f.over} deployments)`}`);
  lines.push(`Lead time, first commit to release: ${spreadText(r.leadTime.toRelease)}`);
  lines.push(`Lead time, first commit to ${shown(r.environment)}: ${spreadText(r.leadTime.toDeployment)}`);
  lines.push(`Change failure rate: ${figureValue(r.changeFailureRate)}${r.changeFailureRate.value === null ? "" : ` (${r.failures.length} of ${r.changeFailureRate.over} releases deployed)`}`);
  for (const f of r.failures) lines.push(`  ${shown(f.version)} failed ${f.at}: ${shown(f.why)}${f.restoredAt ? `; restored ${f.restoredAt}` : "; not restored"}`);
  lines.push(`Time to restore: ${spreadText(r.timeToRestore)}`);
  lines.push("");
  lines.push(`Approval latency: ${spreadText(r.approvals.latency)}`);
  lines.push(`Sign-offs refused: ${tallyText(r.approvals.refused)}`);
  lines.push(`Separation-of-duties refusals: ${figureValue(r.approvals.separationOfDuties)}`);
  lines.push(`Gate refusals: ${figureValue(r.gateRefusals.total)} (by rule code: ${tallyText(r.gateRefusals.byCode)})`);
  const s = r.schedule;
  lines.push(s.adherence ? `Schedule adherence: ${figureValue(s.adherence)} of ${s.adherence.over} planned slots (on time ${s.onTime?.value ?? 0}, late ${s.late?.value ?? 0}, skipped ${s.skipped?.value ?? 0}; ${s.unplanned?.value ?? 0} release(s) outside every slot, ${s.unplannedEmergencies?.value ?? 0} of them emergencies)` : `Schedule adherence: ${s.note}`);
  return `${lines.join("\n")}\n`;
}
