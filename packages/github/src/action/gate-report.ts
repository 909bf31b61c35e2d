import type { Decision, Runtime } from "@relm/core";
import { escapeMarkdown, table } from "../markdown.ts";

/** Violations as error annotations on the file and line of the rule that was broken. */
export function annotateViolations(runtime: Runtime, decision: Decision): void {
  for (const v of decision.violations) {
    runtime.error(`${v.code}: ${v.message} ${v.remedy} (${v.docs})`, { file: v.where.file, ...(v.where.line !== undefined ? { line: v.where.line } : {}) });
  }
}

/** The decision table of the job summary. */
export function gateSummary(decision: Decision): string {
  const rows: string[][] = [
    ["decision", decision.allowed ? "**allow**" : "**deny**"],
    ["environment", escapeMarkdown(decision.environment ?? "(none)")],
    ["risk class", escapeMarkdown(decision.riskClass.name)],
    ["required checks", escapeMarkdown(decision.requiredChecks.join(", ") || "none")],
    ["CAB sign-off", decision.requiredApproval ? `quorum ${decision.requiredApproval.quorum}` : "not required"],
    ["policy", escapeMarkdown(`${decision.policy.file}${decision.policy.ref ? ` at ${decision.policy.ref}` : ""}`)],
  ];
  const lines = ["## relm gate", "", table(["", ""], rows), ""];
  if (decision.violations.length > 0) {
    lines.push("### Violations", "", table(["code", "rule", "what", "fix"], decision.violations.map((v) => [`[${v.code}](${encodeURI(v.docs)})`, escapeMarkdown(v.rule), escapeMarkdown(v.message), escapeMarkdown(v.remedy)])), "");
  }
  if (decision.overridden.length > 0) lines.push(`Overridden: ${decision.overridden.map((v) => `\`${v.code}\``).join(", ")}.`, "");
  return lines.join("\n");
}
