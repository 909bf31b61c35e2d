import type { ApprovalEvidence } from "../ports/forge.ts";

/** Why a piece of evidence did not count towards quorum. Stable codes: scripts and docs refer to them. */
export type IgnoreReason =
  | "not-cab-member"
  | "author"
  | "triggered-run"
  | "stale"
  | "future"
  | "invalid-time"
  | "duplicate"
  | "superseded"
  | "edited"
  | "other-candidate"
  | "unbound";

export interface CountedApproval extends ApprovalEvidence {
  /** How the approver is a CAB member: `user` (listed by login) or `group:<group>`. */
  via: string;
}

export interface IgnoredApproval extends ApprovalEvidence {
  reason: IgnoreReason;
  /** One sentence for a human; the reason code is what scripts match. */
  message: string;
}

/**
 * The judgement of a CAB sign-off. Plain data (JSON-serialisable) so that it can be an action output,
 * a part of the release record and a test fixture.
 */
export interface Verdict {
  valid: boolean;
  quorum: number;
  /** Distinct CAB members whose approval counts, one entry each. */
  counted: CountedApproval[];
  /** CAB members whose latest word is a rejection: any one blocks. */
  rejections: CountedApproval[];
  ignored: IgnoredApproval[];
  /** Approvals still needed to reach quorum (0 when reached). */
  missing: number;
  messages: string[];
}

/** What the judge needs besides the evidence and the rule; gathered by the approve use case. */
export interface ApprovalContext {
  /** Judgement time (ISO 8601 or Date): the staleness reference. */
  now: Date | string;
  /** Authors (and committers) of the commits in the release. */
  authors: AuthorIdentity[];
  /** Login of whoever triggered the run, when the host says. */
  triggeredBy?: string;
  /**
   * Group memberships resolved beforehand (through the MembershipReader port):
   * login (any case) -> the CAB groups that login belongs to.
   */
  groupsOf?: Record<string, string[]>;
  /** Digest of the release candidate being authorised: evidence given for another one never counts. */
  candidate?: string;
  /**
   * Evidence that names no candidate counts only when it is bound by how it was read (a review of this
   * very run, an approval given in this invocation); evidence from a file must name the candidate.
   */
  requireBound?: boolean;
}

/** A commit author as git and the forge know them; any one field matching an approver is enough. */
export interface AuthorIdentity {
  name?: string;
  email?: string;
  /** Forge login, when the forge links the commit to an account. */
  login?: string;
}
