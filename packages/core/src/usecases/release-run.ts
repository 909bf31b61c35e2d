import { isRelmError } from "../errors.ts";
import { requireCandidate } from "../candidate/candidate-differences.ts";
import { approveRelease, type ApproveResult } from "./approve.ts";
import { tagRelease } from "./tag.ts";
import { reportApproval, reportCandidate, reportGate, reportPlan, reportPublish, reportTag } from "./release-report.ts";
import { releaseSummaryMarkdown } from "./release-summary.ts";
import { refusalOutcome } from "./refusal-outcome.ts";
import type { ReleaseRefusal, ReleaseRunInput, ReleaseRunPorts, ReleaseRunResult, ReleaseStep } from "./release.ts";

export const RELEASE_STEPS: readonly ReleaseStep[] = ["gate", "plan", "approve", "tag", "publish"];
const title = (step: ReleaseStep, text: string) => `${RELEASE_STEPS.indexOf(step) + 1}/${RELEASE_STEPS.length} ${step}: ${text}`;

/** A refusal a step raised as a RelmError (a tag on another commit, a conflicting record) stops the release. */
async function refusable<T>(run: () => Promise<T>): Promise<{ ok: T } | { refused: string[]; code: string }> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (isRelmError(error) && (error.kind === "conflict" || error.kind === "refused" || error.kind === "integrity")) {
      return { code: error.code, refused: [`${error.code}: ${error.message}`, ...error.details.map((d) => `${d.where ? `${d.where}: ` : ""}${d.message}`)] };
    }
    throw error;
  }
}

/**
 * RELEASE: gate, plan, approve, tag, publish, in that order. Nothing public happens before the CAB
 * has signed this very candidate: a refused, expired or missing sign-off leaves no tag, no forge
 * release, no changelog and no release record, only a "rejected" event in the registry. Every step is
 * idempotent and an unfinished release (tagged, not yet published) is picked up again, so a re-run
 * after a crash finishes the release with the same sign-off.
 */
export async function release(input: ReleaseRunInput, ports: ReleaseRunPorts): Promise<ReleaseRunResult> {
  const result = await runSteps(input, ports);
  ports.runtime.summary(releaseSummaryMarkdown(result));
  return result;
}

async function runSteps(input: ReleaseRunInput, ports: ReleaseRunPorts): Promise<ReleaseRunResult> {
  const { runtime, steps } = ports;
  const dryRun = input.dryRun === true;
  const env = input.environment ? { environment: input.environment } : {};
  const refuse = async (refusal: ReleaseRefusal) => {
    if (!dryRun) await steps.refused({ ...env, ...refusal });
  };

  const gate = await runtime.group(title("gate", "may this release go on?"), async () => reportGate(runtime, await steps.gate()));
  if (!gate.allowed) {
    await refuse({ step: "gate", outcome: "denied", reasons: gate.reasons, gate });
    return { status: "refused", refusedAt: "gate", reasons: gate.reasons, resumed: false, gate };
  }

  const planned = await runtime.group(title("plan", "next version, release notes and the release candidate"), async () => {
    const unfinished = await steps.unfinished();
    const plan = unfinished ?? (await steps.plan());
    const out = reportPlan(runtime, plan, unfinished !== undefined);
    if (plan.targets.length === 0) return { ...out, candidate: undefined };
    return { ...out, candidate: reportCandidate(runtime, await steps.candidate(plan, gate)) };
  });
  const { resumed, plan } = planned;
  if (plan.targets.length === 0 || !planned.candidate) return { status: "nothing-to-release", reasons: [plan.reason ?? "no release-worthy commits since the last release"], resumed, gate, plan };
  let candidate = planned.candidate;
  const base = { resumed, gate, plan, candidate };

  if (input.signed) {
    const checked = await refusable(async () => requireCandidate("release", input.signed ?? candidate, candidate));
    if (!("ok" in checked)) {
      for (const r of checked.refused) runtime.error(r);
      await refuse({ step: "approve", outcome: "mismatch", reasons: checked.refused, plan, candidate });
      return { status: "refused", refusedAt: "plan", reasons: checked.refused, ...base };
    }
    candidate = checked.ok;
  }

  let approval: ApproveResult | undefined;
  const rule = gate.approvalRule ?? input.rule;
  if (rule) {
    approval = await runtime.group(title("approve", `is this a valid CAB sign-off of ${candidate.digest.slice(0, 19)}?`), async () =>
      reportApproval(
        runtime,
        await approveRelease(
          {
            environment: input.environment ?? "release",
            rule,
            commits: plan.commits,
            candidate: candidate.digest,
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
      await refuse({ step: "approve", outcome: refusalOutcome(approval.verdict), reasons, plan, candidate, approval });
      return { status: "refused", refusedAt: "approve", reasons, ...base, approval };
    }
  } else {
    await runtime.group(title("approve", "no CAB rule applies"), async () => runtime.info("no approval rule is configured, so no sign-off is required (see docs/approvals.md)"));
  }
  const signed = approval ? { approval } : {};

  const tagged = await runtime.group(title("tag", dryRun ? "tags and release notes (dry run)" : "annotated tag and release notes"), async () => {
    const outcome = await refusable(() => tagRelease({ targets: plan.targets, dryRun }, ports.tags));
    if ("ok" in outcome) reportTag(runtime, outcome.ok);
    else for (const r of outcome.refused) runtime.error(r);
    return outcome;
  });
  if (!("ok" in tagged)) return { status: "refused", refusedAt: "tag", reasons: tagged.refused, ...base, ...signed };
  const tag = tagged.ok;

  if (dryRun) {
    await runtime.group(title("publish", "skipped (dry run)"), async () => runtime.info("dry run: nothing was tagged or published"));
    return { status: "dry-run", reasons: approval && !approval.verdict.valid ? approval.verdict.messages : [], ...base, tag, ...signed };
  }

  const published = await runtime.group(title("publish", "release record into the registry"), async () => {
    const outcome = await refusable(() => steps.publish({ plan, gate, tag, candidate, ...signed, ...env }));
    if ("ok" in outcome) reportPublish(runtime, outcome.ok);
    else for (const r of outcome.refused) runtime.error(r);
    return outcome;
  });
  if (!("ok" in published)) return { status: "refused", refusedAt: "publish", reasons: published.refused, ...base, tag, ...signed };
  return { status: "released", reasons: [], ...base, tag, ...signed, records: published.ok };
}
