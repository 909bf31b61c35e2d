import { setTimeout as sleep } from "node:timers/promises";
import { RelmError } from "@relm/core/errors";
import { durationMs } from "@relm/core/time/duration";
import type { RolloutConfig } from "@relm/core/rollout/rollout-schema";
import type { RolloutStep } from "@relm/core/rollout/rollout-state";
import { currentRollout, endRollout, recordRolloutStep, type RolloutContext, type RolloutRun } from "@relm/core/usecases/rollout";
import { recordBackout } from "@relm/core/usecases/backout";
import { verifiedHistory } from "@relm/core/usecases/deploy";
import type { CheckReader } from "@relm/core";
import type { DeployRun } from "../deploy/deploy-run.ts";
import { runHook } from "../deploy/run-hook.ts";
import { verifyStep } from "./verify-step.ts";

export interface StepOptions {
  environment: string;
  /** The command after `--`, used when the policy names no hook. */
  argv: readonly string[];
  /** Wait for the soak (default) or refuse while it runs. */
  wait: boolean;
  checks?: CheckReader;
  say(line: string): void;
}

export type StepOutcome = { kind: "done"; step: RolloutStep; complete: boolean } | { kind: "failed"; step: RolloutStep; reason: string; backedOut: boolean } | { kind: "ended"; status: string };

export function rolloutVars(run: RolloutRun, step: RolloutStep | undefined, action: string): Record<string, string> {
  const { state, release } = run;
  return {
    RELM_ENVIRONMENT: state.environment,
    RELM_VERSION: release.version,
    RELM_TAG: release.tag,
    RELM_COMMIT: release.commit,
    RELM_DEPLOYMENT_ID: state.rolloutId,
    RELM_ROLLOUT_ID: state.rolloutId,
    RELM_ROLLOUT_STRATEGY: state.strategy,
    RELM_ROLLOUT_STEPS: String(state.steps.length),
    RELM_ROLLOUT_ACTION: action,
    ...(step ? { RELM_ROLLOUT_STEP: String(step.index) } : {}),
    ...(step?.percentage !== undefined ? { RELM_ROLLOUT_PERCENT: String(step.percentage) } : {}),
    ...(step?.slot ? { RELM_ROLLOUT_SLOT: step.slot } : {}),
    ...(release.package ? { RELM_PACKAGE: release.package } : {}),
  };
}

const contextOf = (run: DeployRun): RolloutContext => ({ project: run.project, at: new Date().toISOString(), ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline });

/** Waits out the soak of the step before, or refuses with the instant it ends. */
async function soak(run: RolloutRun, config: RolloutConfig, options: StepOptions): Promise<void> {
  const last = run.state.done.at(-1);
  const ms = config.soak ? (durationMs(config.soak) ?? 0) : 0;
  if (!last || ms === 0) return;
  const ready = Date.parse(last.at) + ms;
  const left = ready - Date.now();
  if (left <= 0) return;
  if (!options.wait) {
    throw new RelmError("RELM_ROLLOUT_SOAKING", "refused", `step ${last.step.index} of the rollout to ${run.state.environment} soaks until ${new Date(ready).toISOString()} (${config.soak})`, {
      hint: "Run `relm rollout next` again then, or without --no-wait to wait here.",
    });
  }
  options.say(`soaking step ${last.step.index} for ${Math.ceil(left / 1000)} s, until ${new Date(ready).toISOString()}\n`);
  await sleep(left);
}

/**
 * Runs the next step of the environment's rollout: soak, the hook, the verification, the record.
 * A failed step stops the rollout; with `onFailure: backout` it is aborted and the release backed
 * out (the hook runs once more with RELM_ROLLOUT_ACTION=backout to move the traffic back).
 */
export async function runNextStep(deploy: DeployRun, config: RolloutConfig, options: StepOptions): Promise<StepOutcome> {
  const run = await currentRollout(options.environment, { registry: deploy.registry });
  if (!run) throw new RelmError("RELM_ROLLOUT_NONE", "not-found", `no rollout was started for ${options.environment}`, { hint: "Start one: relm rollout start --env ENV" });
  const { state } = run;
  if (state.status === "complete" || state.status === "aborted") return { kind: "ended", status: state.status };
  if (state.status === "stopped") {
    throw new RelmError("RELM_ROLLOUT_STOPPED", "refused", `the rollout ${state.rolloutId} of ${state.version} stopped at step ${state.failure?.step ?? "?"}: ${state.failure?.reason ?? "a step failed"}`, {
      hint: `Abort it (relm rollout abort --env ${state.environment} --reason "…", with --backout to mark the release failed).`,
    });
  }
  const step = state.next;
  if (!step) {
    await endRollout(run, { action: "complete" }, contextOf(deploy), { registry: deploy.registry });
    return { kind: "done", step: state.steps.at(-1) ?? { index: 0, action: "step" }, complete: true };
  }
  await soak(run, config, options);
  const vars = rolloutVars(run, step, step.action);
  const hook = config.hook ?? options.argv;
  const moved = hook.length > 0 ? await runHook(hook, vars, deploy.root) : { ok: true, how: "no hook" };
  const verification = moved.ok ? await verifyStep(config.verify, vars, deploy.root, { commit: run.release.commit, ...(options.checks ? { checks: options.checks } : {}) }) : [];
  const failed = verification.filter((v) => !v.ok);
  const ok = moved.ok && failed.length === 0;
  const reason = !moved.ok ? `the hook failed (${moved.how})` : failed.map((v) => `${v.kind} ${v.target}: ${v.detail ?? "failed"}`).join("; ");
  await recordRolloutStep(run, step, { status: ok ? "success" : "failure", verification, ...(ok ? {} : { reason }) }, contextOf(deploy), { registry: deploy.registry });
  if (ok) {
    const complete = step.index === state.steps.length;
    if (complete) await endRollout({ ...run, state: { ...state, done: [...state.done, { step, at: new Date().toISOString() }] } }, { action: "complete" }, contextOf(deploy), { registry: deploy.registry });
    return { kind: "done", step, complete };
  }
  if (config.onFailure !== "backout") return { kind: "failed", step, reason, backedOut: false };
  await backOutRollout(deploy, run, config, reason, hook);
  return { kind: "failed", step, reason, backedOut: true };
}

/** Aborts the rollout, marks its release failed and moves the traffic back through the hook. */
export async function backOutRollout(deploy: DeployRun, run: RolloutRun, config: RolloutConfig, reason: string, hook: readonly string[]): Promise<void> {
  const registry = deploy.registry;
  const history = await verifiedHistory(registry);
  const previous = history.deployments(run.state.environment).filter((d) => d.state === "success" && d.version !== run.release.version).at(-1)?.version ?? "(none)";
  const target = history.records.find((r) => r.version === previous) ?? run.release;
  await recordBackout({ current: run.release, target, from: "deployments" }, { project: deploy.project, environment: run.state.environment, reason, deploymentId: run.state.rolloutId, at: new Date().toISOString(), ...(deploy.actor ? { actor: deploy.actor } : {}), pipeline: deploy.pipeline }, { registry });
  if (hook.length > 0) {
    // Blue-green: the users go back to (or stay on) the slot that was live before this rollout.
    const fresh = run.state.steps.find((s) => s.action === "switch")?.slot;
    const live = run.state.strategy === "blue-green" ? config.slots.find((s) => s !== fresh) : undefined;
    const back = await runHook(hook, { ...rolloutVars(run, undefined, "backout"), RELM_ROLLOUT_PERCENT: "0", RELM_BACKOUT_TO: previous, ...(live ? { RELM_ROLLOUT_SLOT: live } : {}) }, deploy.root);
    if (!back.ok) reason = `${reason}; moving the traffic back failed too (${back.how})`;
  }
  await endRollout(run, { action: "abort", reason: `backed out: ${reason}` }, contextOf(deploy), { registry });
}
