import type { Clock } from "../ports/clock.ts";
import type { ApprovalReader, MembershipReader } from "../ports/forge.ts";
import type { Runtime } from "../ports/runtime.ts";
import type { CabRule } from "../approval/cab-rule-schema.ts";
import type { SignedCandidate } from "../candidate/candidate-schema.ts";
import type { ApproveResult, CommitAuthorship } from "./approve.ts";
import type { TagPorts, TagResult, TagTarget } from "./tag.ts";

/** What the release needs to know of the gate's decision. */
export interface GateStepResult {
  allowed: boolean;
  /** Why not (each violation), or notes on an allowed decision. */
  reasons: string[];
  /** The whole decision as JSON, for the record. */
  decision?: unknown;
  policyRevision?: string;
  /** The CAB sign-off the gate requires (environment rule raised by the risk class); wins over the input's rule. */
  approvalRule?: CabRule;
}

/** A release plan as the later steps use it. */
export interface PlanStepResult {
  /** One per package to release; empty when there is nothing to release. */
  targets: TagTarget[];
  /** The commits of the release, for separation of duties. */
  commits: CommitAuthorship[];
  range: { from?: string; to: string; commits: number };
  /** Each target's own range (monorepo packages start at their own previous tag), keyed by tag. */
  ranges?: Record<string, { from?: string; commits: number }>;
  /** The planner's whole plan as JSON, for the record and `--json`. */
  plan?: unknown;
  /** Why nothing is released, when there are no targets. */
  reason?: string;
}

export interface PublishStepInput {
  plan: PlanStepResult;
  gate: GateStepResult;
  approval?: ApproveResult;
  tag: TagResult;
  environment?: string;
  /** The candidate the CAB signed: kept in the record. */
  candidate?: SignedCandidate;
}

export interface PublishedRecord {
  package?: string;
  version: string;
  tag?: string;
  /** `sha256:<hex>` of the record. */
  digest: string;
  /** Where the record lives. */
  where?: string;
  artifacts: { name: string; sha256: string; size: number }[];
  /** False when an identical record was already there (a re-run). */
  written: boolean;
}

/**
 * The other use cases, bound to their adapters by the driver: the release sequences them and decides
 * when to stop, but how to gate, plan and publish stays with those use cases.
 */
export interface ReleaseSteps {
  gate(): Promise<GateStepResult>;
  /** The next release: the commits since the last release tag up to the target commit. */
  plan(): Promise<PlanStepResult>;
  /**
   * A release that an earlier run tagged but never published (its tag is on the target commit and the
   * registry has no record of it), planned again from its tags; undefined when there is none.
   */
  unfinished(): Promise<PlanStepResult | undefined>;
  /** The release candidate of the plan: what the CAB signs, computed the same way by every step. */
  candidate(plan: PlanStepResult, gate: GateStepResult): Promise<SignedCandidate>;
  publish(input: PublishStepInput): Promise<PublishedRecord[]>;
  /** Records a refused release as a "rejected" event in the registry, so the audit shows it too. */
  refused(refusal: ReleaseRefusal): Promise<void>;
}

export type ReleaseStep = "gate" | "plan" | "approve" | "tag" | "publish";

/** Why a release did not go on, as the registry's "rejected" event keeps it. */
export interface ReleaseRefusal {
  step: "gate" | "approve" | "tag" | "publish";
  outcome: "rejected" | "expired" | "missing" | "denied" | "mismatch";
  reasons: string[];
  environment?: string;
  plan?: PlanStepResult;
  candidate?: SignedCandidate;
  approval?: ApproveResult;
  gate?: GateStepResult;
}

export interface ReleaseRunInput {
  environment?: string;
  /** The CAB rule when the gate names none; no rule at all means no sign-off is required. */
  rule?: CabRule;
  triggeredBy?: string;
  runId?: string;
  /** Gate, plan and judge the approvals, but create, change and publish nothing. */
  dryRun?: boolean;
  /** The candidate the CAB was asked to sign (`relm plan --candidate`): the release refuses any other. */
  signed?: SignedCandidate | { digest: string };
}

export interface ReleaseRunPorts {
  steps: ReleaseSteps;
  tags: TagPorts;
  approvals: ApprovalReader;
  members?: MembershipReader;
  clock: Clock;
  runtime: Runtime;
}

export interface ReleaseRunResult {
  status: "released" | "nothing-to-release" | "refused" | "dry-run";
  /** The step that refused, when one did. */
  refusedAt?: ReleaseStep;
  reasons: string[];
  /** True when this run finished a release an earlier run had tagged but not published. */
  resumed: boolean;
  gate?: GateStepResult;
  plan?: PlanStepResult;
  tag?: TagResult;
  approval?: ApproveResult;
  candidate?: SignedCandidate;
  records?: PublishedRecord[];
}

export { release } from "./release-run.ts";
