import type { Deployment } from "../ports/forge.ts";
import type { ChainReport } from "../record/verify-chain.ts";
import type { EventOf } from "../record/event-record-schema.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";

/** A release that was backed out (or reviewed as failed): the gate does not promote it again. */
export interface FailedRelease {
  package?: string;
  version: string;
  environment?: string;
  reason: string;
  at: string;
  /** The event that marked it, for messages. */
  where: string;
  /** A back-out's deployment of the previous good version. */
  deploymentId?: string;
}

/** A deployment that was started and has not finished (success or failure) yet. */
export interface OpenDeployment {
  deploymentId: string;
  environment: string;
  version: string;
  package?: string;
  at: string;
  actor?: string;
  where: string;
}

/** What the registry's chain says happened after publish, read once and asked many times. */
export interface ReleaseHistory {
  /** Finished deployments to an environment as the forge adapters report them, oldest first. */
  deployments(environment: string): Deployment[];
  failed: FailedRelease[];
  /** Record keys (`version`, `pkg@version`) of closed releases, with the closing event. */
  closed: Map<string, string>;
  open(environment: string): OpenDeployment[];
  /** The event that finished a deployment, when one did. */
  finishedOf(deploymentId: string): DeploymentEvent | undefined;
  /** The event that started a deployment, when one did. */
  startedOf(deploymentId: string): DeploymentEvent | undefined;
  /** The release records, in chain order. */
  records: ReleaseRecord[];
  /** The rollout events of an environment, in chain order. */
  rollouts(environment: string): RolloutEvent[];
  /** Every environment a deployment was recorded for, in the order they first appear. */
  environments(): string[];
  /** The forge's ids of the finished deployments of an environment (their mirrors). */
  mirrored(environment: string): string[];
}

type DeploymentEvent = EventOf<"deployment">;
type RolloutEvent = EventOf<"rollout">;

const subjectKey = (s: { package?: string | undefined; version: string }): string => recordKey(s);

/**
 * The history of deployments, back-outs and closures in a (verified) chain. A deployment counts once
 * it finished; a started one with no finish is "open", which is what keeps two deploys of one
 * environment from running at once.
 */
export function releaseHistoryOf(chain: Pick<ChainReport, "records" | "events">): ReleaseHistory {
  const finished = new Map<string, DeploymentEvent>();
  const started = new Map<string, { event: DeploymentEvent; where: string }>();
  const failed: FailedRelease[] = [];
  const closed = new Map<string, string>();
  const rollouts: RolloutEvent[] = [];
  for (const { event, where } of chain.events) {
    if (event.event === "rollout") rollouts.push(event);
    if (event.event === "deployment") {
      if (event.detail.status === "started") started.set(event.detail.deploymentId, { event, where });
      else finished.set(event.detail.deploymentId, event);
    } else if (event.event === "backout") {
      failed.push({ ...(event.subject.package ? { package: event.subject.package } : {}), version: event.subject.version, environment: event.detail.environment, reason: event.detail.reason, at: event.at, where, ...(event.detail.deploymentId ? { deploymentId: event.detail.deploymentId } : {}) });
    } else if (event.event === "review" && event.detail.outcome === "failed") {
      failed.push({ ...(event.subject.package ? { package: event.subject.package } : {}), version: event.subject.version, reason: "the post-release review says failed", at: event.at, where });
    } else if (event.event === "close") {
      closed.set(subjectKey(event.subject), where);
    }
  }
  const done = [...finished.values()];
  return {
    deployments: (environment) =>
      done
        .filter((e) => e.detail.environment === environment)
        .map((e) => ({
          environment,
          commit: e.detail.commit,
          version: e.subject.version,
          ...(e.subject.tag ? { ref: e.subject.tag } : {}),
          state: e.detail.status === "success" ? "success" : "failure",
          at: e.detail.finishedAt ?? e.at,
        })),
    failed,
    closed,
    open: (environment) =>
      [...started.values()]
        .filter(({ event }) => event.detail.environment === environment && !finished.has(event.detail.deploymentId))
        .map(({ event, where }) => ({
          deploymentId: event.detail.deploymentId,
          environment,
          version: event.subject.version,
          ...(event.subject.package ? { package: event.subject.package } : {}),
          at: event.at,
          ...(event.actor ? { actor: event.actor } : {}),
          where,
        })),
    finishedOf: (id) => finished.get(id),
    startedOf: (id) => started.get(id)?.event,
    records: chain.records.map((r) => r.record),
    rollouts: (environment) => rollouts.filter((e) => e.detail.environment === environment),
    mirrored: (environment) => done.flatMap((e) => (e.detail.environment === environment && e.detail.forge?.id ? [e.detail.forge.id] : [])),
    environments: () => [...new Set([...started.values()].map(({ event }) => event.detail.environment).concat(done.map((e) => e.detail.environment)))],
  };
}

/** Whether a release (by version, and package in a monorepo) was marked failed. */
export function failureOf(history: Pick<ReleaseHistory, "failed">, release: { package?: string | undefined; version: string }): FailedRelease | undefined {
  return history.failed.find((f) => f.version === release.version && (f.package ?? undefined) === (release.package ?? undefined));
}
