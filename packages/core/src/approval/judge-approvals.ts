import type { ApprovalEvidence } from "../ports/forge.ts";
import { RelmError } from "../errors.ts";
import { durationMs } from "../time/index.ts";
import type { CabRule } from "./cab-rule-schema.ts";
import { isAuthor, loginKey, sameLogin } from "./author-match.ts";
import type { ApprovalContext, CountedApproval, IgnoredApproval, IgnoreReason, Verdict } from "./verdict.ts";

/** Clocks of forges and runners drift; evidence this far ahead of `now` is still believed. */
const CLOCK_SKEW_MS = 5 * 60_000;

interface Timed {
  evidence: ApprovalEvidence;
  ms: number;
  index: number;
}

function ignore(evidence: ApprovalEvidence, reason: IgnoreReason, message: string): IgnoredApproval {
  return { ...evidence, reason, message };
}

/** How `user` belongs to the CAB: `user`, `group:<name>`, or undefined when it does not. */
function membership(user: string, rule: CabRule, groupsOf: Record<string, string[]>): string | undefined {
  if (rule.users.some((u) => sameLogin(u, user))) return "user";
  const key = loginKey(user);
  const theirs = Object.entries(groupsOf)
    .filter(([login]) => loginKey(login) === key)
    .flatMap(([, groups]) => groups);
  const group = rule.groups.find((g) => theirs.some((t) => sameLogin(t, g)));
  return group === undefined ? undefined : `group:${group}`;
}

/**
 * Judges approval evidence as a CAB sign-off: a quorum of distinct CAB members (by login or by a group
 * resolved beforehand), each one's latest fresh word counting once, no approver who authored a commit
 * of the release or triggered the run (separation of duties), and no CAB member's rejection.
 * Pure: the clock, the authors and the memberships come in as data.
 */
export function judgeApprovals(evidence: readonly ApprovalEvidence[], rule: CabRule, context: ApprovalContext): Verdict {
  const maxAgeMs = durationMs(rule.maxAge);
  if (maxAgeMs === undefined) {
    throw new RelmError("RELM_APPROVAL_RULE", "config", `approval maxAge ${JSON.stringify(rule.maxAge)} is not a duration`, {
      details: [{ where: "approval.maxAge", message: "expected a duration such as 30m, 24h or 7d" }],
    });
  }
  const nowMs = typeof context.now === "string" ? Date.parse(context.now) : context.now.getTime();
  if (Number.isNaN(nowMs)) throw new RelmError("RELM_APPROVAL_NOW", "usage", `not a time: ${String(context.now)}`);
  const ignored: IgnoredApproval[] = [];

  const fresh: Timed[] = [];
  evidence.forEach((e, index) => {
    const ms = Date.parse(e.at);
    const unbound = unboundReason(e, context);
    if (unbound) ignored.push(unbound);
    else if (Number.isNaN(ms)) ignored.push(ignore(e, "invalid-time", `${e.user}: the time ${JSON.stringify(e.at)} is not an ISO 8601 date`));
    else if (ms - nowMs > CLOCK_SKEW_MS) ignored.push(ignore(e, "future", `${e.user}: dated ${e.at}, after the time of judgement`));
    else if (nowMs - ms > maxAgeMs) ignored.push(ignore(e, "stale", `${e.user}: given ${e.at}, older than ${rule.maxAge}`));
    else fresh.push({ evidence: e, ms, index });
  });

  // Each person's latest word is their decision; earlier ones are repeats or changes of mind.
  const byUser = new Map<string, Timed[]>();
  for (const t of fresh) {
    const key = loginKey(t.evidence.user);
    byUser.set(key, [...(byUser.get(key) ?? []), t]);
  }
  const latest: ApprovalEvidence[] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => a.ms - b.ms || a.index - b.index);
    const last = list[list.length - 1];
    if (!last) continue;
    latest.push(last.evidence);
    for (const t of list.slice(0, -1)) {
      const e = t.evidence;
      ignored.push(
        e.decision === last.evidence.decision
          ? ignore(e, "duplicate", `${e.user}: already counted once`)
          : ignore(e, "superseded", `${e.user}: ${e.decision} at ${e.at}, then ${last.evidence.decision} at ${last.evidence.at}`),
      );
    }
  }

  const counted: CountedApproval[] = [];
  const rejections: CountedApproval[] = [];
  const groupsOf = context.groupsOf ?? {};
  for (const e of latest) {
    const via = membership(e.user, rule, groupsOf);
    if (via === undefined) {
      ignored.push(ignore(e, "not-cab-member", `${e.user} is not a CAB member`));
      continue;
    }
    // A stop is always heeded, even from an author: separation of duties limits who may say yes.
    if (e.decision === "rejected") {
      rejections.push({ ...e, via });
      continue;
    }
    if (rule.separationOfDuties) {
      const author = isAuthor(e.user, context.authors);
      if (author) {
        ignored.push(ignore(e, "author", `${e.user} authored a commit in this release and may not approve it`));
        continue;
      }
      if (context.triggeredBy !== undefined && sameLogin(context.triggeredBy, e.user)) {
        ignored.push(ignore(e, "triggered-run", `${e.user} triggered this run and may not approve it`));
        continue;
      }
    }
    counted.push({ ...e, via });
  }

  const missing = Math.max(0, rule.quorum - counted.length);
  const valid = rejections.length === 0 && missing === 0;
  return { valid, quorum: rule.quorum, counted, rejections, ignored, missing, messages: messagesFor(rule, counted, rejections, missing, valid) };
}

/** Evidence that proves nothing about this candidate: edited, given for another one, or naming none where it must. */
function unboundReason(e: ApprovalEvidence, context: ApprovalContext): IgnoredApproval | undefined {
  if (e.edited === true) return ignore(e, "edited", `${e.user}: the comment was edited after it was made, so it no longer proves what was approved`);
  if (context.candidate === undefined) return undefined;
  if (e.candidate !== undefined && e.candidate !== context.candidate) {
    return ignore(e, "other-candidate", `${e.user}: given for release candidate ${e.candidate.slice(0, 19)}, not for this one (${context.candidate.slice(0, 19)})`);
  }
  if (e.candidate === undefined && context.requireBound === true) return ignore(e, "unbound", `${e.user}: names no release candidate, so it cannot be an approval of this one`);
  return undefined;
}

function messagesFor(rule: CabRule, counted: CountedApproval[], rejections: CountedApproval[], missing: number, valid: boolean): string[] {
  const messages: string[] = [];
  const names = (list: CountedApproval[]) => list.map((c) => c.user).join(", ");
  if (rule.users.length === 0 && rule.groups.length === 0) messages.push("the CAB rule names no users and no groups, so nobody can approve");
  for (const r of rejections) messages.push(`rejected by CAB member ${r.user}${r.comment ? `: ${r.comment}` : ""}`);
  messages.push(`${counted.length} of ${rule.quorum} required CAB approval${rule.quorum === 1 ? "" : "s"}${counted.length > 0 ? ` (${names(counted)})` : ""}`);
  if (missing > 0) messages.push(`${missing} more CAB approval${missing === 1 ? "" : "s"} needed`);
  messages.push(valid ? "valid CAB sign-off" : "not a valid CAB sign-off");
  return messages;
}
