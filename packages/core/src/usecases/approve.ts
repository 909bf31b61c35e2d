import type { ApprovalEvidence, ApprovalReader, MembershipReader } from "../ports/forge.ts";
import type { Clock } from "../ports/clock.ts";
import { RelmError } from "../errors.ts";
import { judgeApprovals } from "../approval/judge-approvals.ts";
import { loginKey } from "../approval/author-match.ts";
import type { CabRule } from "../approval/cab-rule-schema.ts";
import type { AuthorIdentity, Verdict } from "../approval/verdict.ts";

/** What separation of duties needs to know about a commit of the release. */
export interface CommitAuthorship {
  authorName: string;
  authorEmail: string;
  /** The whole message, read for `Co-authored-by:` trailers. */
  message?: string;
  /** Forge login of the author, when the forge links it. */
  authorLogin?: string;
}

export interface ApproveInput {
  environment: string;
  rule: CabRule;
  /** The commits of the release (the plan's commit range). */
  commits: readonly CommitAuthorship[];
  /** Login of whoever triggered the run. */
  triggeredBy?: string;
  runId?: string;
  /** Digest of the release candidate being authorised; evidence for another candidate never counts. */
  candidate?: string;
  /**
   * Evidence an earlier step handed over (`--approvals` file). Only its facts are used, never its
   * verdict: it is judged again, and each piece must name this candidate.
   */
  given?: readonly ApprovalEvidence[];
}

export interface ApprovePorts {
  approvals: ApprovalReader;
  /** Needed only when the rule names groups. */
  members?: MembershipReader;
  clock: Clock;
}

export interface ApproveResult {
  environment: string;
  verdict: Verdict;
  /** Everything the reader returned, judged or not: it goes into the release record. */
  evidence: ApprovalEvidence[];
  authors: AuthorIdentity[];
  judgedAt: string;
  /** The candidate the sign-off is for. */
  candidate?: string;
}

const CO_AUTHOR = /^co-authored-by:\s*(.*?)\s*<([^>]*)>\s*$/gim;

/** Authors and co-authors of `commits`, once each. */
export function authorsOf(commits: readonly CommitAuthorship[]): AuthorIdentity[] {
  const seen = new Map<string, AuthorIdentity>();
  const add = (a: AuthorIdentity) => {
    const key = `${loginKey(a.name ?? "")}\n${loginKey(a.email ?? "")}\n${loginKey(a.login ?? "")}`;
    if (!seen.has(key)) seen.set(key, a);
  };
  for (const c of commits) {
    add({ name: c.authorName, email: c.authorEmail, ...(c.authorLogin ? { login: c.authorLogin } : {}) });
    for (const m of (c.message ?? "").matchAll(CO_AUTHOR)) add({ name: m[1] ?? "", email: m[2] ?? "" });
  }
  return [...seen.values()];
}

/** Which CAB groups each approver belongs to, asked once per (approver, group). */
async function resolveGroups(evidence: readonly ApprovalEvidence[], rule: CabRule, members: MembershipReader | undefined): Promise<Record<string, string[]>> {
  if (rule.groups.length === 0) return {};
  if (!members) {
    throw new RelmError("RELM_APPROVAL_GROUPS_UNSUPPORTED", "config", "the CAB rule names groups, but this forge cannot tell who is in them", {
      details: [{ where: "approval.groups", message: `groups ${rule.groups.join(", ")}` }],
      hint: "List the CAB members under approval.users, or run on a forge that resolves groups (GitHub teams, GitLab groups).",
    });
  }
  const listed = new Set(rule.users.map(loginKey));
  const out: Record<string, string[]> = {};
  for (const user of new Set(evidence.map((e) => e.user))) {
    if (listed.has(loginKey(user)) || out[user]) continue;
    const groups: string[] = [];
    for (const group of rule.groups) if (await members.isMember(user, group)) groups.push(group);
    out[user] = groups;
  }
  return out;
}

/**
 * APPROVE: is the approval evidence of this environment a valid CAB sign-off for these commits?
 * Gathers the evidence and memberships through the ports, then leaves the judgement to the pure judge.
 */
export async function approveRelease(input: ApproveInput, ports: ApprovePorts): Promise<ApproveResult> {
  const read = input.given ?? (await ports.approvals.approvals({ environment: input.environment, ...(input.runId ? { runId: input.runId } : {}), ...(input.candidate ? { candidate: input.candidate } : {}) }));
  // What the reader returns is bound to this run (its reviews, this invocation's flags), so it is for
  // this candidate; handed-over evidence must say so itself.
  const bound = input.given === undefined;
  const evidence = bound && input.candidate ? read.map((e) => (e.candidate ? e : { ...e, candidate: input.candidate as string })) : [...read];
  const groupsOf = await resolveGroups(evidence, input.rule, ports.members);
  const authors = authorsOf(input.commits);
  const now = ports.clock.now();
  const verdict = judgeApprovals(evidence, input.rule, {
    now,
    authors,
    groupsOf,
    ...(input.triggeredBy ? { triggeredBy: input.triggeredBy } : {}),
    ...(input.candidate ? { candidate: input.candidate, requireBound: !bound } : {}),
  });
  return { environment: input.environment, verdict, evidence, authors, judgedAt: now.toISOString(), ...(input.candidate ? { candidate: input.candidate } : {}) };
}
