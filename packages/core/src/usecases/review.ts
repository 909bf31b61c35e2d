import { RelmError } from "../errors.ts";
import type { Registry } from "../ports/registry.ts";
import type { ReleaseFacts } from "./publish.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";
import type { EventFacts } from "../record/event-record-schema.ts";
import type { ReleaseHistory } from "../deploy/release-history.ts";
import { releaseToDeploy } from "../deploy/release-to-deploy.ts";
import { recordEvent, type RecordEventResult } from "./record-event.ts";
import { verifiedHistory } from "./deploy.ts";

export interface ReleaseEventContext {
  project: string;
  version: string;
  package?: string;
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: ReleaseFacts["pipeline"];
}

function subjectOf(release: ReleaseRecord): EventFacts["subject"] {
  return { ...(release.package ? { package: release.package } : {}), version: release.version, tag: release.tag, ...(release.candidate ? { candidate: release.candidate.digest } : {}) };
}

async function publishedRelease(registry: Registry, context: ReleaseEventContext): Promise<{ history: ReleaseHistory; release: ReleaseRecord }> {
  const history = await verifiedHistory(registry);
  const release = releaseToDeploy(history.records, { version: context.version, ...(context.package ? { package: context.package } : {}), commit: "" }, registry.location);
  return { history, release };
}

const envelope = (context: ReleaseEventContext, release: ReleaseRecord) => ({
  project: context.project,
  subject: subjectOf(release),
  at: context.at,
  ...(context.actor ? { actor: context.actor } : {}),
  ...(context.pipeline ? { pipeline: context.pipeline } : {}),
});

/**
 * REVIEW: the post-implementation review of a published release. A review that says `failed` marks
 * the release failed, as a back-out does. The same review recorded again records nothing new.
 */
export async function recordReview(context: ReleaseEventContext, review: { outcome: "success" | "partial" | "failed"; notes: string }, ports: { registry: Registry }): Promise<RecordEventResult> {
  const { release } = await publishedRelease(ports.registry, context);
  return recordEvent({ event: "review", ...envelope(context, release), detail: review }, [recordKey(release), review.outcome, review.notes].join("\n"), ports);
}

/**
 * CLOSE: ends the release's lifecycle; a closed release takes no further deployments. Refused while
 * one of its deployments runs, since closing would hide how that one ends.
 */
export async function closeRelease(context: ReleaseEventContext, close: { reason?: string; notified?: string[] }, ports: { registry: Registry }): Promise<{ closed: RecordEventResult; release: ReleaseRecord; environments: string[] }> {
  const { history, release } = await publishedRelease(ports.registry, context);
  const key = recordKey(release);
  const environments = [...new Set(history.records.length > 0 ? deployedEnvironments(history, release) : [])];
  const running = environments.flatMap((env) => history.open(env)).filter((o) => o.version === release.version && o.package === release.package);
  if (running[0]) {
    throw new RelmError("RELM_CLOSE_DEPLOYING", "conflict", `release ${key} is being deployed to ${running[0].environment} (deployment ${running[0].deploymentId}); it is closed once that ends`, {
      details: running.map((o) => ({ where: o.where, message: `deployment ${o.deploymentId}` })),
    });
  }
  const closed = await recordEvent(
    { event: "close", ...envelope(context, release), detail: { ...(close.reason ? { reason: close.reason } : {}), ...(close.notified && close.notified.length > 0 ? { notified: close.notified } : {}) } },
    key,
    ports,
  );
  return { closed, release, environments };
}

/** The environments a release reached (or was started in), in the order they were first deployed. */
export function deployedEnvironments(history: ReleaseHistory, release: ReleaseRecord): string[] {
  return history.environments().filter((env) => [...history.deployments(env), ...history.open(env)].some((d) => d.version === release.version && ("package" in d ? d.package === release.package : true)));
}
