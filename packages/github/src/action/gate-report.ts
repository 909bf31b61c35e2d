import type { Decision, Runtime } from "@relm/core";
import { escapeMarkdown, table } from "../markdown.ts";

/** Violations as error annotations on the file and line of the rule that was broken. */
export function annotateViolations(runtime: Runtime, decision: Decision): void {
  for (const v of decision.violations) {
    runtime.error(`${v.code}: ${v.message} ${v.remedy} (${v.docs})`, { file: v.where.file, ...(v.where.line !== undefined ? { line: v.where.line } : {}) });
  }
}

/** Which policy judged: file, ref, commit, and why that branch. */
export function policyText(decision: Decision, why?: string): string {
  const p = decision.policy;
  return `${p.file}${p.ref ? ` at ${p.ref}` : ""}${p.revision ? ` (${p.revision.slice(0, 12)})` : ""}${p.found === false ? ", absent: the defaults" : ""}${why ? `, ${why}` : ""}`;
}

/** The break-glass override, in one line for the log: who, how, why, what it lifted or why it was refused. */
export function overrideText(decision: Decision): string | undefined {
  const o = decision.override;
  if (!o) return undefined;
  return o.accepted
    ? `override by ${o.by} via ${o.via} at ${o.at} (reason: ${o.reason}) asked to lift ${o.rules.join(", ")}; lifted ${o.lifted.length > 0 ? o.lifted.join(", ") : "nothing"}`
    : `override by ${o.by} via ${o.via} at ${o.at} refused: ${o.refusal ?? ""}`;
}

function overrideSection(decision: Decision): string[] {
  const o = decision.override;
  if (!o) return [];
  const rows = [
    ["outcome", o.accepted ? "**accepted**" : `**refused**: ${escapeMarkdown(o.refusal ?? "")}`],
    ["asked by", escapeMarkdown(o.by)],
    ["via", escapeMarkdown(o.via)],
    ["at", escapeMarkdown(o.at)],
    ["reason", escapeMarkdown(o.reason) || "(none)"],
    ["rules named", escapeMarkdown(o.rules.join(", ")) || "(none)"],
    ["lifted", o.lifted.length > 0 ? o.lifted.map((c) => `\`${c}\``).join(", ") : "nothing"],
  ];
  const lines = ["### Break-glass override", "", table(["", ""], rows), ""];
  if (decision.overridden.length > 0) {
    lines.push("Lifted violations (recorded, not hidden):", "", table(["code", "rule", "what"], decision.overridden.map((v) => [`[${v.code}](${encodeURI(v.docs)})`, escapeMarkdown(v.rule), escapeMarkdown(v.message)])), "");
  }
  return lines;
}

/** The decision table of the job summary. */
export function gateSummary(decision: Decision, policyWhy?: string): string {
  const without = decision.riskClass.withoutOverride;
  const rows: string[][] = [
    ["decision", decision.allowed ? "**allow**" : "**deny**"],
    ["environment", escapeMarkdown(decision.environment ?? "(none)")],
    ["risk class", `${escapeMarkdown(decision.riskClass.name)}${without ? ` (without the override: ${escapeMarkdown(without.name)}, whose rules still apply)` : ""}`],
    ["required checks", escapeMarkdown(decision.requiredChecks.join(", ") || "none")],
    ["CAB sign-off", decision.requiredApproval ? `quorum ${decision.requiredApproval.quorum}` : "not required"],
    ["policy", escapeMarkdown(policyText(decision, policyWhy))],
  ];
  const lines = ["## relm gate", "", table(["", ""], rows), ""];
  if (decision.violations.length > 0) {
    lines.push("### Violations", "", table(["code", "rule", "what", "fix"], decision.violations.map((v) => [`[${v.code}](${encodeURI(v.docs)})`, escapeMarkdown(v.rule), escapeMarkdown(v.message), escapeMarkdown(v.remedy)])), "");
  }
  lines.push(...overrideSection(decision));
  return lines.join("\n");
}
