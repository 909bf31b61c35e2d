import { RelmError } from "../errors.ts";
import type { Registry } from "../ports/registry.ts";
import type { EventFacts, EventOf } from "../record/event-record-schema.ts";
import type { ReleaseRecord } from "../record/release-record-schema.ts";
import type { RolloutConfig } from "../rollout/rollout-schema.ts";
import { liveSlotOf, rolloutStates, rolloutSteps, type RolloutState, type RolloutStep } from "../rollout/rollout-state.ts";
import { finishDeployment, startDeployment, verifiedHistory, type DeployRequest } from "./deploy.ts";
import { recordEvent, type RecordEventResult } from "./record-event.ts";

type RolloutDetail = EventOf<"rollout">["detail"];

export interface RolloutContext {
  project: string;
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: DeployRequest["pipeline"];
}

export interface RolloutRun {
  state: RolloutState;
  release: ReleaseRecord;
}

/** The newest rollout of an environment (running, stopped or ended), with its release. */
export async function currentRollout(environment: string, ports: { registry: Registry }): Promise<RolloutRun | undefined> {
  const history = await verifiedHistory(ports.registry);
  const state = rolloutStates(history.rollouts(environment)).at(-1);
  if (!state) return undefined;
  const release = history.records.find((r) => r.version === state.version && r.package === state.package);
  if (!release) throw new RelmError("RELM_DEPLOY_UNKNOWN", "not-found", `the rollout ${state.rolloutId} is of ${state.version}, which is not in ${ports.registry.location}`);
  return { state, release };
}

function facts(run: Pick<RolloutRun, "release">, state: Pick<RolloutState, "environment" | "rolloutId" | "strategy" | "steps">, context: RolloutContext, detail: Omit<RolloutDetail, "environment" | "rolloutId" | "strategy" | "steps">): EventFacts {
  const { release } = run;
  return {
    event: "rollout",
    project: context.project,
    subject: { ...(release.package ? { package: release.package } : {}), version: release.version, tag: release.tag, ...(release.candidate ? { candidate: release.candidate.digest } : {}) },
    at: context.at,
    ...(context.actor ? { actor: context.actor } : {}),
    ...(context.pipeline ? { pipeline: context.pipeline } : {}),
    detail: { environment: state.environment, rolloutId: state.rolloutId, strategy: state.strategy, steps: state.steps.length, ...detail },
  };
}

/**
 * ROLLOUT (start): starts the deployment the rollout carries out (so the checks of `relm deploy`
 * apply, and no other deployment of the environment runs meanwhile) and records the plan of steps.
 * Starting again under the same id resumes the rollout; another one is refused while one is open.
 */
export async function startRollout(request: DeployRequest & { deploymentId: string; config: RolloutConfig }, ports: { registry: Registry }): Promise<RolloutRun> {
  const before = await verifiedHistory(ports.registry);
  const open = rolloutStates(before.rollouts(request.environment)).find((s) => (s.status === "active" || s.status === "stopped") && s.rolloutId !== request.deploymentId);
  if (open) {
    throw new RelmError("RELM_ROLLOUT_OPEN", "conflict", `a rollout of ${open.version} to ${request.environment} (${open.rolloutId}) is ${open.status === "stopped" ? "stopped at a failed step" : "under way"}`, {
      hint: open.status === "stopped" ? `Abort it first: relm rollout abort --env ${request.environment} --reason "…"` : `Go on with it (relm rollout next --env ${request.environment}) or abort it.`,
    });
  }
  const start = await startDeployment({ ...request, rolloutId: request.deploymentId }, ports);
  const state = { environment: request.environment, rolloutId: request.deploymentId, strategy: request.config.strategy, steps: rolloutSteps(request.config, liveSlotOf(before.rollouts(request.environment))) };
  const existing = rolloutStates(before.rollouts(request.environment)).find((s) => s.rolloutId === request.deploymentId);
  if (!existing) {
    await recordEvent(facts(start, state, request, { action: "start", step: 0, status: "success", plan: state.steps, deploymentId: start.deploymentId }), `${state.rolloutId}\nstart`, ports);
  }
  const now = await currentRollout(request.environment, ports);
  if (!now || now.state.rolloutId !== request.deploymentId) throw new RelmError("RELM_ROLLOUT_LOST", "integrity", `the rollout ${request.deploymentId} was recorded but cannot be read back from ${ports.registry.location}`);
  return now;
}

/** ROLLOUT (step): records one step's outcome; a step is recorded once, so a re-run never repeats a done step. */
export async function recordRolloutStep(run: RolloutRun, step: RolloutStep, outcome: { status: "success" | "failure"; verification: NonNullable<RolloutDetail["verification"]>; reason?: string }, context: RolloutContext, ports: { registry: Registry }): Promise<RecordEventResult> {
  return recordEvent(
    facts(run, run.state, context, {
      action: step.action,
      step: step.index,
      ...(step.percentage !== undefined ? { percentage: step.percentage } : {}),
      ...(step.slot ? { slot: step.slot } : {}),
      status: outcome.status,
      verification: outcome.verification,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    }),
    `${run.state.rolloutId}\n${step.index}\n${step.action}`,
    ports,
  );
}

/**
 * ROLLOUT (end): completes the rollout (its deployment succeeded) or aborts it (its deployment
 * failed). Either is recorded once; the deployment's end follows from it.
 */
export async function endRollout(run: RolloutRun, end: { action: "complete" | "abort"; reason?: string }, context: RolloutContext, ports: { registry: Registry }): Promise<RecordEventResult> {
  const last = run.state.done.at(-1)?.step;
  const ended = await recordEvent(
    facts(run, run.state, context, { action: end.action, step: last?.index ?? 0, ...(last?.percentage !== undefined ? { percentage: last.percentage } : {}), ...(last?.slot ? { slot: last.slot } : {}), status: end.action === "complete" ? "success" : "failure", ...(end.reason ? { reason: end.reason } : {}) }),
    `${run.state.rolloutId}\nend`,
    ports,
  );
  const history = await verifiedHistory(ports.registry);
  const started = history.startedOf(run.state.rolloutId);
  if (started && !history.finishedOf(run.state.rolloutId)) {
    const status = ended.event.event === "rollout" && ended.event.detail.action === "complete" ? "success" : "failure";
    await finishDeployment({ deploymentId: run.state.rolloutId, started: { event: started, digest: "", where: run.state.rolloutId, created: false } }, { status, at: context.at, message: `rollout ${ended.event.event === "rollout" ? ended.event.detail.action : "end"}${end.reason ? `: ${end.reason}` : ""}` }, ports);
  }
  return ended;
}
