import { escapeMarkdown } from "../notes/escape-markdown.ts";
import type { ReleaseRunResult, ReleaseStep } from "./release.ts";

const STEPS: readonly ReleaseStep[] = ["gate", "plan", "approve", "tag", "publish"];
const cell = (text: string): string => escapeMarkdown(text);

function stepResult(result: ReleaseRunResult, step: ReleaseStep): string {
  if (result.refusedAt === step) return `**refused**: ${result.reasons.map(cell).join("; ")}`;
  switch (step) {
    case "gate":
      return result.gate ? (result.gate.allowed ? "allowed" : "denied") : "not run";
    case "plan":
      if (!result.plan) return "not run";
      if (result.plan.targets.length === 0) return `nothing to release: ${cell(result.plan.reason ?? "no release-worthy commits")}`;
      return result.plan.targets.map((t) => cell(`${t.package ? `${t.package} ` : ""}${t.version} (${t.tag})`)).join(", ");
    case "tag":
      if (!result.tag) return "not run";
      return result.tag.outcomes.map((o) => cell(`${o.tag} ${result.tag?.dryRun ? "would be created" : o.tagCreated ? "created" : "kept"}`)).join(", ");
    case "approve":
      if (!result.approval) return result.tag ? "no CAB rule applies" : "not run";
      return `${result.approval.verdict.valid ? "valid" : "not valid"}: ${result.approval.verdict.counted.map((c) => cell(c.user)).join(", ") || "no approval counted"} (${result.approval.verdict.counted.length}/${result.approval.verdict.quorum})`;
    case "publish":
      if (!result.records) return "not run";
      return result.records.map((r) => `${cell(r.version)} \`${r.digest}\``).join(", ");
  }
}

/** The release as Markdown for a job summary: one row per step, then the notes (already escaped by the planner). */
export function releaseSummaryMarkdown(result: ReleaseRunResult): string {
  const title = { released: "released", "nothing-to-release": "nothing to release", refused: `refused at ${result.refusedAt ?? "?"}`, "dry-run": "dry run" }[result.status];
  const lines = [`## relm release: ${title}`, "", "| step | result |", "| --- | --- |"];
  for (const step of STEPS) lines.push(`| ${step} | ${stepResult(result, step)} |`);
  if (result.candidate) lines.push("", `Release candidate: \`${result.candidate.digest}\` (commit \`${result.candidate.candidate.commit.slice(0, 12)}\`): the digest the CAB signs.`);
  if (result.status === "released" || result.status === "dry-run") {
    for (const t of result.plan?.targets ?? []) lines.push("", t.notes.trim());
  }
  return `${lines.join("\n")}\n`;
}
