import type { Registry } from "../ports/registry.ts";
import type { ReleaseFacts } from "./publish.ts";
import { recordKey } from "../record/release-record-schema.ts";
import { backoutTarget, type BackoutPlan, type BackoutQuery } from "../deploy/backout-target.ts";
import { recordEvent, type RecordEventResult } from "./record-event.ts";
import { verifiedHistory } from "./deploy.ts";

export interface BackoutRequest extends BackoutQuery {
  project: string;
  reason: string;
  /** The deployment of the previous good version that carries the back-out out. */
  deploymentId: string;
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: ReleaseFacts["pipeline"];
}

/** BACKOUT (plan): which release is backed out of the environment, and which one goes back in. */
export async function planBackout(query: BackoutQuery, ports: { registry: Registry }): Promise<BackoutPlan> {
  return backoutTarget(await verifiedHistory(ports.registry), query);
}

/**
 * BACKOUT (record): marks the backed-out release failed in the chain, before the previous good one
 * is deployed, so no promotion of it can start while the back-out runs. A re-run of the same
 * back-out (same release, environment and deployment) records nothing new.
 */
export async function recordBackout(plan: BackoutPlan, request: BackoutRequest, ports: { registry: Registry }): Promise<RecordEventResult> {
  const { current, target } = plan;
  return recordEvent(
    {
      event: "backout",
      project: request.project,
      subject: { ...(current.package ? { package: current.package } : {}), version: current.version, tag: current.tag, ...(current.candidate ? { candidate: current.candidate.digest } : {}) },
      at: request.at,
      ...(request.actor ? { actor: request.actor } : {}),
      ...(request.pipeline ? { pipeline: request.pipeline } : {}),
      detail: { environment: request.environment, to: target.version, reason: request.reason, deploymentId: request.deploymentId },
    },
    [request.environment, recordKey(current), request.deploymentId].join("\n"),
    ports,
  );
}
