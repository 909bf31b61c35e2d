import { approvalRuleFor, approveRelease, durationMs, requireCandidate, RelmError, runGate, systemClock, type ApprovalReader, type ApproveResult, type CabRule, type ReleaseFacts, type ReleasePlan, type SignedCandidate } from "@relm/core";
import { planCandidate } from "./plan-candidate.ts";
import { changeRequestJudge } from "./change-request-judge.ts";
import { releaseCommits, versionOutputs } from "./plan-facts.ts";
import type { Project } from "./project.ts";
import { runRefs } from "./refs.ts";
import { planSummary } from "./summary.ts";
import { changeRequestApprovals } from "../change-request.ts";
import type { githubForge } from "../forge.ts";
import { escapeMarkdown } from "../markdown.ts";
import type { ActionContext } from "./run-action.ts";

export interface SignOffRequest {
  environment: string;
  config: string;
  mode?: "environment" | "change-request";
  timeout?: string;
  pollInterval?: string;
  /** The digest the CAB was shown (the plan job's); refused when this checkout's candidate differs. */
  candidateDigest?: string;
}

export interface SignOff {
  /** The rule of the committed policy, raised by the risk class; undefined: no sign-off required. */
  rule: CabRule | undefined;
  candidate: SignedCandidate | undefined;
  result: ApproveResult | undefined;
}

/**
 * The CAB sign-off of this checkout's release candidate, judged now from what GitHub says: the reviews
 * of this run's environment, or the change request's comments. approve, tag and publish all ask it, so
 * none of them takes another step's word (or a file's) for the sign-off.
 */
export async function signOffOf(context: Pick<ActionContext, "env" | "run" | "runtime">, project: Project, plan: ReleasePlan, forge: ReturnType<typeof githubForge>, o: SignOffRequest): Promise<SignOff> {
  const { env, run, runtime } = context;
  const refs = await runRefs(run, env, project.git);
  const gated = await runGate({ git: project.git, clock: systemClock }, { targetRef: refs.targetRef, configPath: o.config, environment: o.environment, plan });
  const { decision } = gated;
  const now = await planCandidate(project, plan, decision, { repository: run.repository });
  const candidate = now && o.candidateDigest ? requireCandidate("approve", { digest: o.candidateDigest }, now) : now;
  // The CAB rule of the policy that judged the run (the target branch's), raised by the risk class.
  const base = approvalRuleFor(gated.config.config, o.environment, decision);
  if (!base) return { rule: undefined, candidate, result: undefined };
  const rule = { ...base, ...(o.mode ? { mode: o.mode } : {}), ...(o.timeout ? { timeout: o.timeout } : {}) };
  const commits = await releaseCommits(project.git, plan);
  const triggeredBy = run.triggeringActor ?? run.actor;
  const { tag } = versionOutputs(plan);
  const what = tag || plan.packages.find((p) => p.previous?.commit === plan.range.to)?.previous?.tag || plan.range.to.slice(0, 12);
  let approvals: ApprovalReader = forge.approvals!;
  if (rule.mode === "change-request") {
    approvals = changeRequestApprovals(forge.client, {
      title: `relm: release ${what} to ${o.environment}`,
      identity: `release ${what} to ${o.environment}`,
      body: [`Release **${escapeMarkdown(what)}** to **${escapeMarkdown(o.environment)}**, risk class **${escapeMarkdown(decision.riskClass.name)}** (${escapeMarkdown(decision.riskClass.because)}).`, `Quorum: ${rule.quorum} CAB member(s).`, "", planSummary(plan, "Plan")].join("\n"),
      judge: changeRequestJudge({ environment: o.environment, rule, commits, ...(triggeredBy ? { triggeredBy } : {}), members: forge.members!, clock: systemClock }),
      pollIntervalMs: durationMs(o.pollInterval ?? "30s") ?? 30_000,
      log: (m) => runtime.info(m),
    });
  }
  const result = await approveRelease(
    { environment: o.environment, rule, commits, ...(triggeredBy ? { triggeredBy } : {}), ...(run.runId ? { runId: run.runId } : {}), ...(candidate ? { candidate: candidate.digest } : {}) },
    { approvals, members: forge.members!, clock: systemClock },
  );
  return { rule, candidate, result };
}

type RecordApproval = NonNullable<ReleaseFacts["approval"]>;

/**
 * For tag and publish: the sign-off judged again here, refused (nothing made public) when not valid;
 * what the release record keeps of it, or undefined when the policy asks for none.
 */
export async function requireSignOff(step: string, context: Pick<ActionContext, "env" | "run" | "runtime">, project: Project, plan: ReleasePlan, forge: ReturnType<typeof githubForge>, o: SignOffRequest): Promise<RecordApproval | undefined> {
  const { result, candidate } = await signOffOf(context, project, plan, forge, o);
  if (!result) return undefined;
  if (!result.verdict.valid) {
    throw new RelmError("RELM_SIGN_OFF_INVALID", "refused", `${step}: the release candidate${candidate ? ` ${candidate.digest}` : ""} has no valid CAB sign-off for ${o.environment}, judged again from GitHub`, {
      details: [...result.verdict.ignored.map((i) => ({ where: "approval", message: `${i.message} [${i.reason}]` })), ...result.verdict.messages.map((m) => ({ message: m }))],
      hint: `Nothing was made public. Run this step in the job whose environment is ${o.environment} (its required reviewers are the CAB), after they approved this run.`,
    });
  }
  context.runtime.info(`${step}: CAB sign-off for ${o.environment} judged again from GitHub: ${result.verdict.counted.map((e) => e.user).join(", ")}`);
  const verdict = JSON.parse(JSON.stringify(result.verdict)) as RecordApproval["verdict"];
  return { valid: true, ...(verdict === undefined ? {} : { verdict }), evidence: result.evidence, assurance: "forge" };
}
