import type { CabRule, Decision, PolicyExplanation } from "@relm/core";
import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

// Branch names, reasons and messages may come from untrusted hands: one line each, no control
// characters, so nothing printed can fake another line (or a `::` workflow command) in a CI log;
// bidi and invisible characters are shown as [U+202E], not dropped.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
export const oneLine = (text: string): string => shownInvisibles(text.replace(CONTROL, " ").trim());

export function approvalText(rule: CabRule): string {
  const who = [...rule.users, ...rule.groups.map((g) => `group ${g}`)];
  return `quorum ${rule.quorum} of ${who.length > 0 ? who.join(", ") : "(nobody listed)"} (${rule.mode}${rule.separationOfDuties ? ", separation of duties" : ""}, stale after ${rule.maxAge})`;
}

/** The decision for a human: verdict, then each violation with its place, facts, remedy and docs. */
export function decisionText(d: Decision): string {
  const policy = `${d.policy.file}${d.policy.ref ? ` from ${d.policy.ref}` : ""}${d.policy.revision ? ` @ ${d.policy.revision.slice(0, 12)}` : ""}${d.policy.found === false ? " (absent: defaults)" : ""}`;
  const lines = [`relm gate: ${d.allowed ? "ALLOWED" : "DENIED"}${d.environment ? ` for ${oneLine(d.environment)}` : ""} at ${d.evaluatedAt} (policy ${oneLine(policy)})`];
  if (d.policy.changedByRelease) lines.push(`note: the release changes ${d.policy.file}; it was judged by the policy on ${d.policy.ref ?? "the target branch"}, not by its own`);
  const without = d.riskClass.withoutOverride;
  lines.push(
    `risk class: ${d.riskClass.name} (${oneLine(d.riskClass.because)}${d.riskClass.line ? `, ${d.policy.file}:${d.riskClass.line}` : ""})${without ? `; without the override it is ${without.name} (${oneLine(without.because)}), whose rules still apply` : ""}`,
  );
  if (d.requiredChecks.length > 0) lines.push(`required checks: ${d.requiredChecks.map(oneLine).join(", ")}`);
  if (d.requiredApproval) lines.push(`required approval: ${oneLine(approvalText(d.requiredApproval))}`);
  for (const v of d.violations) {
    // JSON.stringify escapes line breaks, so untrusted facts stay on their one line.
    lines.push(`${v.code}: ${oneLine(v.message)}`, `  facts: ${oneLine(JSON.stringify(v.facts))}`, `  how to comply: ${oneLine(v.remedy)}`, `  docs: ${v.docs}`);
  }
  if (d.override) {
    const o = d.override;
    const asked = `override by ${oneLine(o.by)} via ${o.via} at ${o.at} (reason: ${oneLine(o.reason) || "none"}; rules named: ${oneLine(o.rules.join(", ")) || "none"})`;
    lines.push(o.accepted ? `${asked} accepted; lifted ${o.lifted.length > 0 ? o.lifted.join(", ") : "nothing"}` : `${asked} refused: ${oneLine(o.refusal ?? "")}`);
    for (const v of d.overridden) lines.push(`  overridden ${v.code}: ${oneLine(v.message)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Which policy file `relm policy` read: the working tree's, or the one committed at a ref. */
export type PolicyRead = { file: string; from: "working tree" } | { file: string; from: "ref"; ref: string; revision: string };

export function policyReadText(read: PolicyRead): string {
  return read.from === "ref" ? `${read.file} at ${read.ref} (${read.revision.slice(0, 12)})` : `${read.file} in the working tree`;
}

/**
 * `relm policy explain`: what the environment requires, and the change calendar. Every line goes
 * through oneLine: the working tree's file may be the change under review, and names, reasons and
 * check names in it must not start a workflow command in a CI log.
 */
export function explanationText(e: PolicyExplanation, read: PolicyRead): string {
  const who = e.environment ? `environment ${e.environment}` : "any run";
  const declared = e.refused
    ? " (not declared: the gate refuses it, RELM_GATE_ENVIRONMENT)"
    : e.environment && !e.declared
      ? " (not declared: only the general rules apply)"
      : "";
  const lines = [`Policy ${policyReadText(read)} for ${who}${declared}, at ${e.at}:`];
  if (read.from === "working tree") lines.push("  (the gate judges by the policy committed on the protected target branch; --ref origin/main explains that one)");
  lines.push(`  branches: ${e.branches?.join(", ") ?? "any"}`, `  tags: ${e.tags?.join(", ") ?? "any"}`);
  lines.push(`  required checks: ${e.checks.length > 0 ? e.checks.join(", ") : "none"}`);
  if (e.after.length > 0) lines.push(`  promotion: after ${e.after.join(", ")}${e.soak ? `, soaked for ${e.soak}` : ""}`);
  lines.push(`  approval: ${e.approval ? approvalText(e.approval) : "none required"}`);
  for (const c of e.riskClasses) {
    const parts = [c.approval ? `approval ${approvalText(c.approval)}` : "", c.checks.length > 0 ? `checks ${c.checks.join(", ")}` : "", c.soak ? `soak ${c.soak}` : ""].filter(Boolean);
    if (parts.length > 0) lines.push(`  risk class ${c.name}: ${parts.join("; ")}`);
  }
  if (e.override) lines.push(`  override: ${[...e.override.users, ...e.override.groups.map((g) => `group ${g}`)].join(", ") || "nobody"} via ${e.override.via.join(", ")}; may lift ${e.override.rules.join(", ")}`);
  const active = e.calendar.filter((c) => c.active);
  const next = e.calendar.find((c) => !c.active);
  if (active.length > 0) lines.push(`Frozen now by ${active.map((c) => `"${c.name}"`).join(", ")}; releases may go on again ${e.frozenUntil ? `at ${e.frozenUntil}` : "at no time relm can see ahead"}.`);
  else lines.push(next ? `Not frozen now; the next freeze "${next.name}" starts ${next.start} and ends ${next.end ?? "at no time relm can see ahead"}.` : "Not frozen now; no freeze ahead.");
  if (e.calendar.length > 0) {
    lines.push(`Change calendar (next ${e.calendar.length} freeze window${e.calendar.length === 1 ? "" : "s"}):`);
    for (const c of e.calendar) lines.push(`  ${c.start} -> ${c.end ?? "(no end)"}  ${c.name}  [${c.timeZone}${c.source === "policy" ? "" : `, ${c.source}`}]${c.active ? "  <- now" : ""}`);
  }
  return `${lines.map((l) => (l.startsWith("  ") ? `  ${oneLine(l)}` : oneLine(l))).join("\n")}\n`;
}
