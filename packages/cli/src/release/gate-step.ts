import { runGate, type Clock, type Decision, type ForgeAdapters, type GateStepResult, type Git, type LoadedConfig, type ReleasePlan } from "@relm/core";
import type { GateAsk } from "../gate/gate-ask.ts";

export interface GateContext {
  git: Git;
  forge: ForgeAdapters;
  clock: Clock;
  environment?: string;
  /** How the run asks (gateAsk): the ref whose committed policy judges (HEAD locally), branch or tag, labels, a break-glass request. */
  ask: GateAsk;
  /** Repository path of the configuration (--config), default .relm.yml. */
  configPath?: string;
}

/** The gate's decision as the release shows it: why not, or the risk class it was judged in. */
export function gateStepOf(decision: Decision): GateStepResult {
  const reasons = decision.allowed
    ? [`risk class ${decision.riskClass.name}`, ...decision.activeFreezes.map((f) => `freeze ${f.name} in force until ${f.end}`), ...decision.overridden.map((v) => `overridden: ${v.code}: ${v.message}`)]
    : decision.violations.map((v) => `${v.code}: ${v.message}. ${v.remedy}`);
  return { allowed: decision.allowed, reasons, decision, ...(decision.policy.revision ? { policyRevision: decision.policy.revision } : {}) };
}

/** GATE through the gate use case, with the plan the release is about (risk classes read it). */
export async function gateStep(ctx: GateContext, plan: ReleasePlan): Promise<{ decision: Decision; config: LoadedConfig; step: GateStepResult }> {
  const { decision, config } = await runGate(
    {
      git: ctx.git,
      clock: ctx.clock,
      ...(ctx.forge.checks ? { checks: ctx.forge.checks } : {}),
      ...(ctx.forge.deployments ? { deployments: ctx.forge.deployments } : {}),
      ...(ctx.forge.freezes ? { freezes: ctx.forge.freezes } : {}),
      ...(ctx.forge.members ? { members: ctx.forge.members } : {}),
    },
    {
      ...ctx.ask,
      commit: plan.range.to,
      plan,
      ...(ctx.configPath ? { configPath: ctx.configPath } : {}),
      ...(ctx.environment ? { environment: ctx.environment } : {}),
    },
  );
  return { decision, config, step: gateStepOf(decision) };
}
