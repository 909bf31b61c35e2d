import type { EventOf } from "../record/event-record-schema.ts";
import type { RolloutConfig } from "./rollout-schema.ts";

type RolloutEvent = EventOf<"rollout">;

/** One step of a rollout plan, 1-based. */
export interface RolloutStep {
  index: number;
  action: "step" | "switch";
  percentage?: number;
  slot?: string;
}

export interface RolloutState {
  rolloutId: string;
  environment: string;
  version: string;
  package?: string;
  strategy: RolloutConfig["strategy"];
  steps: RolloutStep[];
  /** Steps recorded as done, in order. */
  done: Array<{ step: RolloutStep; at: string }>;
  /** active: steps remain; stopped: a step failed and nothing was decided yet; complete; aborted. */
  status: "active" | "stopped" | "complete" | "aborted";
  /** The next step to run while active. */
  next?: RolloutStep;
  failure?: { step: number; reason: string; at: string };
  startedAt: string;
}

/**
 * The steps a rollout takes. Blue-green deploys to the idle slot and then switches it live, as two
 * recorded steps, so a failed verification on the idle slot never reaches the users.
 */
export function rolloutSteps(config: RolloutConfig, liveSlot: string | undefined): RolloutStep[] {
  if (config.strategy === "canary") return (config.steps ?? ["100%"]).map((s, i) => ({ index: i + 1, action: "step", percentage: Number.parseInt(s, 10) }));
  if (config.strategy === "blue-green") {
    const live = liveSlot ?? config.slots[0];
    const idle = config.slots.find((s) => s !== live) ?? config.slots[1];
    return [
      { index: 1, action: "step", slot: idle },
      { index: 2, action: "switch", slot: idle },
    ];
  }
  return [{ index: 1, action: "step", percentage: 100 }];
}

/** The live blue-green slot: the slot of the last switch that succeeded in the environment. */
export function liveSlotOf(events: readonly RolloutEvent[]): string | undefined {
  return events.filter((e) => e.detail.action === "switch" && e.detail.status === "success").at(-1)?.detail.slot;
}

/** Every rollout of an environment as its events tell it, oldest first. */
export function rolloutStates(events: readonly RolloutEvent[]): RolloutState[] {
  const byId = new Map<string, RolloutEvent[]>();
  for (const e of events) byId.set(e.detail.rolloutId, [...(byId.get(e.detail.rolloutId) ?? []), e]);
  const out: RolloutState[] = [];
  for (const [rolloutId, list] of byId) {
    const start = list.find((e) => e.detail.action === "start");
    if (!start) continue;
    const planned = plannedSteps(start);
    const done = list
      .filter((e) => (e.detail.action === "step" || e.detail.action === "switch") && e.detail.status === "success")
      .map((e) => ({ step: planned.find((s) => s.index === e.detail.step) ?? { index: e.detail.step, action: "step" as const }, at: e.at }));
    const failed = list.find((e) => (e.detail.action === "step" || e.detail.action === "switch") && e.detail.status === "failure");
    const ended = list.find((e) => e.detail.action === "complete" || e.detail.action === "abort");
    const next = planned.find((s) => !done.some((d) => d.step.index === s.index));
    const status = ended ? (ended.detail.action === "complete" ? "complete" : "aborted") : failed ? "stopped" : "active";
    out.push({
      rolloutId,
      environment: start.detail.environment,
      version: start.subject.version,
      ...(start.subject.package ? { package: start.subject.package } : {}),
      strategy: start.detail.strategy,
      steps: planned,
      done,
      status,
      ...(status === "active" && next ? { next } : {}),
      ...(failed ? { failure: { step: failed.detail.step, reason: failed.detail.reason ?? "verification failed", at: failed.at } } : {}),
      startedAt: start.at,
    });
  }
  return out;
}

/** The plan a rollout started with, as its start event recorded it (the policy may change later). */
function plannedSteps(start: RolloutEvent): RolloutStep[] {
  return start.detail.plan?.map((s) => ({ ...s })) ?? Array.from({ length: start.detail.steps }, (_, i) => ({ index: i + 1, action: "step" as const }));
}
