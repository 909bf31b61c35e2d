import { approvalRuleFor, runGate, type CabRule, type Clock, type Decision, type MembershipReader, type PlanStepResult, type ReleasePlan, type SignedCandidate } from "@relm/core";
import type { CommandContext } from "./context.ts";
import { candidateOf } from "./candidate-step.ts";
import { releaseOfTarget } from "./plan-step.ts";
import { gateAsk, type GateAskFlags } from "../gate/gate-ask.ts";

export type CandidateContext = Pick<CommandContext, "git" | "root" | "loaded" | "globals" | "env" | "authors"> & { clock: Clock; members?: MembershipReader };

export interface TargetCandidate {
  plan: ReleasePlan;
  step: PlanStepResult;
  decision: Decision;
  /** The CAB rule of the committed policy, raised by the release's risk class; undefined: none required. */
  rule: CabRule | undefined;
  candidate: SignedCandidate | undefined;
}

/**
 * The release at the target commit as plan, approve, tag and publish all see it: planned without the
 * tags already on it (a re-run completes the same release), judged by the committed policy asked the
 * way the gate asks it, and its candidate computed from both. One function, so every step computes
 * the same digest for the same release.
 */
export async function targetCandidate(ctx: CandidateContext, o: GateAskFlags & { env?: string }, artifacts: readonly string[] = [], dir?: string): Promise<TargetCandidate> {
  const { plan, step } = await releaseOfTarget({ git: ctx.git, root: ctx.root, config: ctx.loaded.config, ...(ctx.authors ? { authors: ctx.authors } : {}) });
  const ask = await gateAsk(ctx.git, ctx.env, o, "HEAD");
  const { decision, config } = await runGate(
    { git: ctx.git, clock: ctx.clock, ...(ctx.members ? { members: ctx.members } : {}) },
    { ...ask, plan, ...(o.env ? { environment: o.env } : {}), ...(ctx.globals.config ? { configPath: ctx.globals.config } : {}) },
  );
  const rule = approvalRuleFor(config.config, o.env, decision);
  const candidate = step.targets.length === 0 ? undefined : await candidateOf(ctx, step, { decision }, artifacts, dir);
  return { plan, step, decision, rule, candidate };
}
