export { cabRuleSchema, type CabRule } from "./cab-rule-schema.ts";
export { approvalSchema } from "./approval-schema.ts";
export { judgeApprovals } from "./judge-approvals.ts";
export { isAuthor, loginsOf } from "./author-match.ts";
export { parseApprovalComment, approvalsFromComments, cleanReason, type ApprovalComment } from "./comment-command.ts";
export { changeRequestState, type ChangeRequestState } from "./change-request.ts";
export type { Verdict, ApprovalContext, AuthorIdentity, CountedApproval, IgnoredApproval, IgnoreReason } from "./verdict.ts";
