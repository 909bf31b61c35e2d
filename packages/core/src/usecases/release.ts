import { isRelmError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { ApprovalReader, MembershipReader } from "../ports/forge.ts";
import type { Runtime } from "../ports/runtime.ts";
import type { CabRule } from "../approval/cab-rule-schema.ts";
import { approveRelease, type ApproveResult, type CommitAuthorship } from "./approve.ts";
import { tagRelease, type TagPorts, type TagResult, type TagTarget } from "./tag.ts";
import { reportApproval, reportGate, reportPlan, reportPublish, reportTag } from "./release-report.ts";
import { releaseSummaryMarkdown } from "./release-summary.ts";

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
  publish(input: PublishStepInput): Promise<PublishedRecord[]>;
}

export type ReleaseStep = "gate" | "plan" | "tag" | "approve" | "publish";

export interface ReleaseRunInput {
  environment?: string;
  /** The CAB rule when the gate names none; no rule at all means no sign-off is required. */
  rule?: CabRule;
  triggeredBy?: string;
  runId?: string;
  /** Gate, plan and judge the approvals, but create, change and publish nothing. */
  dryRun?: boolean;
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
  records?: PublishedRecord[];
}

const STEPS: readonly ReleaseStep[] = ["gate", "plan", "tag", "approve", "publish"];
const title = (step: ReleaseStep, text: string) => `${STEPS.indexOf(step) + 1}/${STEPS.length} ${step}: ${text}`;

/** A refusal a step raised as a RelmError (a tag on another commit, a conflicting record) stops the release. */
async function refusable<T>(run: () => Promise<T>): Promise<{ ok: T } | { refused: string[] }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (isRelmError(error) && (error.kind === "conflict" || error.kind === "refused" || error.kind === "integrity")) {
      return { refused: [`${error.code}: ${error.message}`, ...error.details.map((d) => `${d.where ? `${d.where}: ` : ""}${d.message}`)] };
    }
    throw error;
  }
}

/**
 * RELEASE: gate, plan, tag, approve, publish, in that order, stopping at the first step that refuses
 * and saying why. Every step is idempotent and an unfinished release (tagged, not yet published) is
 * picked up again, so running it after a crash finishes the release without duplicating anything.
 */
export async function release(input: ReleaseRunInput, ports: ReleaseRunPorts): Promise<ReleaseRunResult> {
  const result = await runSteps(input, ports);
  ports.runtime.summary(releaseSummaryMarkdown(result));
  return result;
}

async function runSteps(input: ReleaseRunInput, ports: ReleaseRunPorts): Promise<ReleaseRunResult> {
  const { runtime, steps } = ports;
  const dryRun = input.dryRun === true;

  const gate = await runtime.group(title("gate", "may this release go on?"), async () => reportGate(runtime, await steps.gate()));
  if (!gate.allowed) return { status: "refused", refusedAt: "gate", reasons: gate.reasons, resumed: false, gate };

  const planned = await runtime.group(title("plan", "next version and release notes"), async () => {
    const unfinished = await steps.unfinished();
    const plan = unfinished ?? (await steps.plan());
    return reportPlan(runtime, plan, unfinished !== undefined);
  });
  const resumed = planned.resumed;
  const plan = planned.plan;
  if (plan.targets.length === 0) return { status: "nothing-to-release", reasons: [plan.reason ?? "no release-worthy commits since the last release"], resumed, gate, plan };

  const tagged = await runtime.group(title("tag", dryRun ? "tags and release notes (dry run)" : "annotated tag and release notes"), async () => {
    const outcome = await refusable(() => tagRelease({ targets: plan.targets, dryRun }, ports.tags));
    if ("ok" in outcome) reportTag(runtime, outcome.ok);
    else for (const r of outcome.refused) runtime.error(r);
    return outcome;
  });
  if (!("ok" in tagged)) return { status: "refused", refusedAt: "tag", reasons: tagged.refused, resumed, gate, plan };
  const tag = tagged.ok;

  let approval: ApproveResult | undefined;
  const rule = gate.approvalRule ?? input.rule;
  if (rule) {
    approval = await runtime.group(title("approve", "is this a valid CAB sign-off?"), async () =>
      reportApproval(
        runtime,
        await approveRelease(
          {
            environment: input.environment ?? "release",
            rule,
            commits: plan.commits,
            ...(input.triggeredBy ? { triggeredBy: input.triggeredBy } : {}),
            ...(input.runId ? { runId: input.runId } : {}),
          },
          { approvals: ports.approvals, ...(ports.members ? { members: ports.members } : {}), clock: ports.clock },
        ),
      ),
    );
    if (!approval.verdict.valid && !dryRun) {
      // The ignored approvals are the usual "why": name them, not just the count that is missing.
      const reasons = [...approval.verdict.ignored.map((i) => `${i.message} [${i.reason}]`), ...approval.verdict.messages];
      return { status: "refused", refusedAt: "approve", reasons, resumed, gate, plan, tag, approval };
    }
  } else {
    await runtime.group(title("approve", "no CAB rule applies"), async () => runtime.info("no approval rule is configured, so no sign-off is required (see docs/approvals.md)"));
  }

  if (dryRun) {
    await runtime.group(title("publish", "skipped (dry run)"), async () => runtime.info("dry run: nothing was tagged or published"));
    return { status: "dry-run", reasons: approval && !approval.verdict.valid ? approval.verdict.messages : [], resumed, gate, plan, tag, ...(approval ? { approval } : {}) };
  }

  const published = await runtime.group(title("publish", "release record into the registry"), async () => {
    const outcome = await refusable(() =>
      steps.publish({ plan, gate, tag, ...(approval ? { approval } : {}), ...(input.environment ? { environment: input.environment } : {}) }),
    );
    if ("ok" in outcome) reportPublish(runtime, outcome.ok);
    else for (const r of outcome.refused) runtime.error(r);
    return outcome;
  });
  if (!("ok" in published)) return { status: "refused", refusedAt: "publish", reasons: published.refused, resumed, gate, plan, tag, ...(approval ? { approval } : {}) };
  return { status: "released", reasons: [], resumed, gate, plan, tag, ...(approval ? { approval } : {}), records: published.ok };
}
