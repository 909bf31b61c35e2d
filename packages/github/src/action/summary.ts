import type { ApprovalEvidence, ReleasePlan } from "@relm/core";
import { escapeMarkdown, table } from "../markdown.ts";
import { releasedPackages } from "./plan-facts.ts";

/** The plan as job-summary Markdown: a table of packages, then each release's notes (escaped by the planner). */
export function planSummary(plan: ReleasePlan, title = "relm plan"): string {
  const rows = plan.packages.map((p) => [
    escapeMarkdown(p.name || "(root)"),
    p.previous ? `\`${escapeMarkdown(p.previous.tag)}\`` : "none",
    p.next ? `**${escapeMarkdown(p.next.version)}**` : "no release",
    p.bump,
    String(p.commits.length),
  ]);
  const lines = [`## ${title}`, "", table(["package", "previous", "next", "bump", "commits"], rows), ""];
  if (!plan.released) lines.push(`No release needed: ${escapeMarkdown(plan.reason ?? "no release-worthy commits")}.`, "");
  for (const p of releasedPackages(plan)) {
    lines.push(`### ${escapeMarkdown(p.next.tag)}`, "", p.notes.trim() || "_no notes_", "");
  }
  return lines.join("\n");
}

export function decisionTable(rows: [string, string][]): string {
  return table(["", "decision"], rows.map(([k, v]) => [escapeMarkdown(k), escapeMarkdown(v)]));
}

export function approvalsTable(evidence: readonly ApprovalEvidence[]): string {
  if (evidence.length === 0) return "_no approvals_";
  return table(
    ["who", "decision", "when", "comment", "source"],
    evidence.map((e) => [escapeMarkdown(e.user), e.decision, escapeMarkdown(e.at), escapeMarkdown(e.comment ?? ""), e.url ? `[${e.source}](${encodeURI(e.url)})` : e.source]),
  );
}
