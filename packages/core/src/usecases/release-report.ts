import type { Runtime } from "../ports/runtime.ts";
import type { SignedCandidate } from "../candidate/candidate-schema.ts";
import type { ApproveResult } from "./approve.ts";
import type { TagResult } from "./tag.ts";
import type { GateStepResult, PlanStepResult, PublishedRecord } from "./release.ts";

// What a newcomer reads as the release runs: one short line per fact, each step under its heading.

function say(runtime: Runtime, ok: boolean, message: string): void {
  if (ok) runtime.info(message);
  else runtime.error(message);
}

export function reportGate(runtime: Runtime, gate: GateStepResult): GateStepResult {
  runtime.info(gate.allowed ? "allowed" : "denied");
  for (const reason of gate.reasons) say(runtime, gate.allowed, `  ${reason}`);
  return gate;
}

export function reportPlan(runtime: Runtime, plan: PlanStepResult, resumed: boolean): { plan: PlanStepResult; resumed: boolean } {
  if (resumed) runtime.info("an earlier run tagged this release but did not publish it: finishing it");
  if (plan.targets.length === 0) {
    runtime.info(`nothing to release: ${plan.reason ?? `no release-worthy commits since ${plan.range.from ?? "the first commit"}`}`);
    return { plan, resumed };
  }
  for (const t of plan.targets) {
    const r = plan.ranges?.[t.tag] ?? plan.range;
    const range = `${r.from ?? "the first commit"}..${plan.range.to.slice(0, 12)}, ${r.commits} commit${r.commits === 1 ? "" : "s"}`;
    runtime.info(`${t.package ? `${t.package} ` : ""}${t.version} (tag ${t.tag}; ${range})`);
    for (const line of t.notes.trim().split("\n")) runtime.info(`  | ${line}`);
  }
  return { plan, resumed };
}

export function reportTag(runtime: Runtime, tag: TagResult): TagResult {
  for (const o of tag.outcomes) {
    const at = o.commit.slice(0, 12);
    if (tag.dryRun) runtime.info(`would create annotated tag ${o.tag} on ${at}`);
    else runtime.info(o.tagCreated ? `created annotated tag ${o.tag} on ${at}` : `tag ${o.tag} was already on ${at} (kept)`);
    if (o.release) runtime.info(`${o.releaseCreated ? "created" : "updated"} release ${o.release.name}${o.release.url ? ` (${o.release.url})` : ""}`);
    if (o.changelogUpdated !== undefined) runtime.info(o.changelogUpdated ? `${o.changelogFile ?? "changelog"} updated` : `${o.changelogFile ?? "changelog"} already had ${o.version}`);
  }
  return tag;
}

export function reportApproval(runtime: Runtime, result: ApproveResult): ApproveResult {
  const v = result.verdict;
  for (const c of v.counted) runtime.info(`counted: ${c.user} (${c.via === "user" ? "CAB member" : `member of ${c.via.slice("group:".length)}`}, ${c.source} at ${c.at})`);
  for (const r of v.rejections) runtime.error(`rejected: ${r.user}${r.comment ? `: ${r.comment}` : ""}`);
  for (const i of v.ignored) runtime.warning(`ignored: ${i.message} [${i.reason}]`);
  for (const m of v.messages) say(runtime, v.valid, m);
  return result;
}

export function reportPublish(runtime: Runtime, records: PublishedRecord[]): PublishedRecord[] {
  for (const r of records) {
    runtime.info(`${r.written ? "published" : "already published"} ${r.package ? `${r.package} ` : ""}${r.version}: record ${r.digest}${r.where ? ` at ${r.where}` : ""}`);
    for (const a of r.artifacts) runtime.info(`  ${a.name}: ${a.size} bytes, sha256 ${a.sha256}`);
  }
  return records;
}

export function reportCandidate(runtime: Runtime, signed: SignedCandidate): SignedCandidate {
  const c = signed.candidate;
  runtime.info(`release candidate ${signed.digest}`);
  runtime.info(`  commit ${c.commit}, policy ${c.policy.file} ${c.policy.digest ?? "(embedded defaults)"}${c.artifacts.length > 0 ? `, ${c.artifacts.length} artifact${c.artifacts.length === 1 ? "" : "s"}` : ""}`);
  return signed;
}
