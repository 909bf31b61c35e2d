// The use cases: each takes its ports as arguments and returns a result. One line per use case.
export { approveRelease, authorsOf, type ApproveInput, type ApprovePorts, type ApproveResult, type CommitAuthorship } from "./approve.ts";
export { tagRelease, tagMessage, type TagInput, type TagPorts, type TagResult, type TagTarget, type TagOutcome, type ChangelogUpdate } from "./tag.ts";
export { publishRelease, type PublishInput, type PublishResult, type ReleaseFacts } from "./publish.ts";
export { recordEvent, type RecordEventResult } from "./record-event.ts";
export { appendEntry, type AppendRequest, type AppendResult } from "./chain-append.ts";
export { chainTip, type ChainTip } from "./chain-tip.ts";
export { verifyReleases, type VerifyResult } from "./verify-releases.ts";
export { planRollback } from "./rollback.ts";
export { refusalOutcome } from "./refusal-outcome.ts";
export { recordRefusal } from "./record-refusal.ts";
export { releaseCandidate, type CandidateOfRelease } from "./release-candidate.ts";
export { floatingTagMove, floatingTagOf } from "./floating-tag.ts";
export { release, type ReleaseRefusal, type ReleaseRunInput, type ReleaseRunPorts, type ReleaseRunResult, type ReleaseSteps, type ReleaseStep, type GateStepResult, type PlanStepResult, type PublishStepInput, type PublishedRecord } from "./release.ts";
export { planRelease, type PlanRequest, type PlanPorts } from "./plan.ts";
export { runGate, type GateRequest, type GatePorts, type GateResult } from "./gate.ts";
export { policyRefOf, type PolicyBranch } from "./policy-ref.ts";
export { reportApproval, reportCandidate, reportTag, reportPlan, reportGate, reportPublish } from "./release-report.ts";
export { reportReleases } from "./report.ts";
