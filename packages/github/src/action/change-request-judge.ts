import { approveRelease, changeRequestState, type ApprovalEvidence, type CabRule, type ChangeRequestState, type Clock, type CommitAuthorship, type MembershipReader } from "@relm/core";

export interface JudgeContext {
  environment: string;
  rule: CabRule;
  commits: readonly CommitAuthorship[];
  triggeredBy?: string;
  members?: MembershipReader;
  clock: Clock;
}

/**
 * The change-request poll's question, answered by core: the evidence so far is judged exactly as the
 * final approval will be (quorum, membership, separation of duties, freshness), and core says whether
 * that means approved, rejected, timed out or waiting.
 */
export function changeRequestJudge(ctx: JudgeContext): (evidence: ApprovalEvidence[], openedAt: string) => Promise<ChangeRequestState> {
  return async (evidence, openedAt) => {
    const { verdict } = await approveRelease(
      { environment: ctx.environment, rule: ctx.rule, commits: ctx.commits, ...(ctx.triggeredBy ? { triggeredBy: ctx.triggeredBy } : {}) },
      { approvals: { approvals: async () => evidence }, ...(ctx.members ? { members: ctx.members } : {}), clock: ctx.clock },
    );
    return changeRequestState(verdict, { openedAt, now: ctx.clock.now(), timeout: ctx.rule.timeout });
  };
}
