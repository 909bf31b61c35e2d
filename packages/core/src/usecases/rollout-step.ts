import { RelmError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { HookRunner, StepVerifier, Waiter } from "../ports/hooks.ts";
import type { Registry } from "../ports/registry.ts";
import { durationMs } from "../time/index.ts";
import type { RolloutConfig } from "../rollout/rollout-schema.ts";
import type { RolloutStep } from "../rollout/rollout-state.ts";
import { recordBackout } from "./backout.ts";
import { verifiedHistory } from "./deploy.ts";
import { currentRollout, endRollout, recordRolloutStep, type RolloutContext, type RolloutRun } from "./rollout.ts";

export interface RolloutPorts {
  registry: Registry;
  hooks: HookRunner;
  verifier: StepVerifier;
  clock: Clock;
  waiter: Waiter;
}

export interface StepRequest {
  environment: string;
  config: RolloutConfig;
  /** The command given with the request, used when the policy names no hook. */
  argv: readonly string[];
  /** Wait for the soak (default) or refuse while it runs. */
  wait: boolean;
  who: Omit<RolloutContext, "at">;
  /** Told before a soak is waited out. */
  onSoak?: (step: number, until: string) => void;
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

const contextOf = (request: StepRequest, clock: Clock): RolloutContext => ({ ...request.who, at: clock.now().toISOString() });

/** Waits out the soak of the step before, or refuses with the instant it ends. */
async function soak(run: RolloutRun, request: StepRequest, ports: RolloutPorts): Promise<void> {
  const last = run.state.done.at(-1);
  const ms = request.config.soak ? (durationMs(request.config.soak) ?? 0) : 0;
  if (!last || ms === 0) return;
  const ready = Date.parse(last.at) + ms;
  const left = ready - ports.clock.now().getTime();
  if (left <= 0) return;
  const until = new Date(ready).toISOString();
  if (!request.wait) {
    throw new RelmError("RELM_ROLLOUT_SOAKING", "refused", `step ${last.step.index} of the rollout to ${run.state.environment} soaks until ${until} (${request.config.soak ?? ""})`, {
      hint: "Run `relm rollout next` again then, or without --no-wait to wait here.",
    });
  }
  request.onSoak?.(last.step.index, until);
  await ports.waiter.wait(left);
}

/**
 * ROLLOUT (next step): soak, the hook, the verification, the record. A failed step stops the
 * rollout; with `onFailure: backout` it is aborted and the release backed out (the hook runs once
 * more with RELM_ROLLOUT_ACTION=backout to move the traffic back). A recorded step never runs again.
 */
export async function runNextStep(request: StepRequest, ports: RolloutPorts): Promise<StepOutcome> {
  const run = await currentRollout(request.environment, ports);
  if (!run) throw new RelmError("RELM_ROLLOUT_NONE", "not-found", `no rollout was started for ${request.environment}`, { hint: `Start one: relm rollout start --env ${request.environment}` });
  const { state } = run;
  if (state.status === "complete" || state.status === "aborted") return { kind: "ended", status: state.status };
  if (state.status === "stopped") {
    throw new RelmError("RELM_ROLLOUT_STOPPED", "refused", `the rollout ${state.rolloutId} of ${state.version} stopped at step ${state.failure?.step ?? "?"}: ${state.failure?.reason ?? "a step failed"}`, {
      hint: `Abort it (relm rollout abort --env ${state.environment} --reason "…", with --backout to mark the release failed).`,
    });
  }
  const step = state.next;
  if (!step) {
    await endRollout(run, { action: "complete" }, contextOf(request, ports.clock), ports);
    return { kind: "done", step: state.steps.at(-1) ?? { index: 0, action: "step" }, complete: true };
  }
  await soak(run, request, ports);
  const vars = rolloutVars(run, step, step.action);
  const hook = request.config.hook ?? request.argv;
  const moved = hook.length > 0 ? await ports.hooks.run(hook, vars) : { ok: true, how: "no hook" };
  const verification = moved.ok ? await ports.verifier.verify(request.config.verify, vars, run.release.commit) : [];
  const failed = verification.filter((v) => !v.ok);
  const ok = moved.ok && failed.length === 0;
  const reason = !moved.ok ? `the hook failed (${moved.how})` : failed.map((v) => `${v.kind} ${v.target}: ${v.detail ?? "failed"}`).join("; ");
  await recordRolloutStep(run, step, { status: ok ? "success" : "failure", verification, ...(ok ? {} : { reason }) }, contextOf(request, ports.clock), ports);
  if (ok) {
    const complete = step.index === state.steps.length;
    if (complete) await endRollout({ ...run, state: { ...state, done: [...state.done, { step, at: ports.clock.now().toISOString() }] } }, { action: "complete" }, contextOf(request, ports.clock), ports);
    return { kind: "done", step, complete };
  }
  if (request.config.onFailure !== "backout") return { kind: "failed", step, reason, backedOut: false };
  await backOutRollout(run, { ...request, argv: hook }, reason, ports);
  return { kind: "failed", step, reason, backedOut: true };
}

/** ROLLOUT (back out): aborts the rollout, marks its release failed and moves the traffic back through the hook. */
export async function backOutRollout(run: RolloutRun, request: Pick<StepRequest, "config" | "argv" | "who">, reason: string, ports: Omit<RolloutPorts, "verifier" | "waiter">): Promise<void> {
  const history = await verifiedHistory(ports.registry);
  const previous = history.deployments(run.state.environment).filter((d) => d.state === "success" && d.version !== run.release.version).at(-1)?.version ?? "(none)";
  const target = history.records.find((r) => r.version === previous) ?? run.release;
  const at = ports.clock.now().toISOString();
  await recordBackout({ current: run.release, target, from: "deployments" }, { ...request.who, environment: run.state.environment, reason, deploymentId: run.state.rolloutId, at }, ports);
  const hook = request.config.hook ?? request.argv;
  let why = reason;
  if (hook.length > 0) {
    // Blue-green: the users go back to (or stay on) the slot that was live before this rollout.
    const fresh = run.state.steps.find((s) => s.action === "switch")?.slot;
    const live = run.state.strategy === "blue-green" ? request.config.slots.find((s) => s !== fresh) : undefined;
    const back = await ports.hooks.run(hook, { ...rolloutVars(run, undefined, "backout"), RELM_ROLLOUT_PERCENT: "0", RELM_BACKOUT_TO: previous, ...(live ? { RELM_ROLLOUT_SLOT: live } : {}) });
    if (!back.ok) why = `${reason}; moving the traffic back failed too (${back.how})`;
  }
  await endRollout(run, { action: "abort", reason: `backed out: ${why}` }, { ...request.who, at: ports.clock.now().toISOString() }, ports);
}
