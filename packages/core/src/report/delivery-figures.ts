import type { EventOf } from "../record/event-record-schema.ts";
import { gated, hoursBetween, ratio, spread } from "./figure.ts";
import type { EventsByKind, ReleaseFact } from "./release-facts.ts";
import { subjectKey } from "./release-facts.ts";
import type { Report } from "./report-schema.ts";

type Deployment = EventOf<"deployment">;

const doneAt = (d: Deployment): string => d.detail.finishedAt ?? d.at;
const byTime = <T>(at: (x: T) => string) => (a: T, b: T): number => Date.parse(at(a)) - Date.parse(at(b));

/** One deployment per deployment id: its final word (success or failure), else its start. */
function attempts(deployments: readonly Deployment[]): Deployment[] {
  const last = new Map<string, Deployment>();
  for (const d of deployments) {
    const seen = last.get(d.detail.deploymentId);
    if (!seen || seen.detail.status === "started") last.set(d.detail.deploymentId, d);
  }
  return [...last.values()].sort(byTime(doneAt));
}

export function deploymentFrequency(deployments: readonly Deployment[], days: number): Report["deploymentFrequency"] {
  const out: Report["deploymentFrequency"] = {};
  const envs = [...new Set(deployments.map((d) => d.detail.environment))].sort();
  for (const env of envs) {
    const ok = attempts(deployments.filter((d) => d.detail.environment === env)).filter((d) => d.detail.status === "success").length;
    out[env] = gated((ok * 7) / days, "per-week", ok, `successful deployments to ${env} (one per deployment id) × 7 ÷ ${days} days in the window`, `successful deployment(s)`);
  }
  return out;
}

export interface Delivery {
  leadTime: Report["leadTime"];
  changeFailureRate: Report["changeFailureRate"];
  failures: Report["failures"];
  timeToRestore: Report["timeToRestore"];
}

/** Lead times, change failure rate and time to restore, measured on one environment. */
export function delivery(releases: readonly ReleaseFact[], events: EventsByKind, environment: string): Delivery {
  const toRelease = releases.filter((r) => r.commitDates.length > 0).map((r) => hoursBetween(firstOf(r.commitDates), r.at));
  const deployments = attempts(events.deployments.filter((d) => d.detail.environment === environment));
  const successes = deployments.filter((d) => d.detail.status === "success");
  const toDeployment: number[] = [];
  const failures: Report["failures"] = [];
  const restore: number[] = [];
  let deployed = 0;
  // Grouped once: a per-release scan of every deployment is quadratic in the chain's length.
  const byRelease = groupBy(deployments, (d) => subjectKey(d.subject));
  for (const r of releases) {
    const mine = byRelease.get(r.key) ?? [];
    if (mine.length === 0) continue;
    deployed += 1;
    const live = mine.find((d) => d.detail.status === "success");
    if (live && r.commitDates.length > 0) toDeployment.push(hoursBetween(firstOf(r.commitDates), doneAt(live)));
    const failure = failureOf(r, mine, live, events, environment);
    if (!failure) continue;
    const restoredAt = restoredAfter(r.key, failure.at, successes, events.backouts, environment);
    if (restoredAt) restore.push(hoursBetween(failure.at, restoredAt));
    failures.push({ version: r.version, ...(r.package === undefined ? {} : { package: r.package }), at: failure.at, why: failure.why, ...(restoredAt ? { restoredAt } : {}) });
  }
  const unrestored = failures.length - restore.length;
  const ttr = spread(restore, "restored failure(s)", `hours from a failure to the back-out or the next good deployment to ${environment}`);
  if (unrestored > 0) for (const f of [ttr.median, ttr.p90]) f.note = `${f.note ? `${f.note}; ` : ""}${unrestored} failure(s) not restored yet are left out`;
  return {
    leadTime: {
      toRelease: spread(toRelease, "release(s) with a plan", "hours from the release's first commit to its tag time"),
      toDeployment: spread(toDeployment, `release(s) deployed to ${environment}`, `hours from the release's first commit to its first successful deployment to ${environment}`),
    },
    changeFailureRate: ratio(failures.length, deployed, `releases deployed to ${environment} that failed there (failed deployment, back-out or failed review) ÷ releases deployed to ${environment}`, `release(s) deployed to ${environment}`),
    failures,
    timeToRestore: ttr,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const firstOf = (dates: readonly string[]): string => dates.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));

// A release that failed is restored by its back-out or by the next good deployment of any version
// (a fixed re-run of the same one too): whichever came first after the failure.

/** When and why a deployed release failed: its failed deployment, its back-out, or a failed review. */
function failureOf(r: ReleaseFact, mine: readonly Deployment[], live: Deployment | undefined, events: EventsByKind, environment: string): { at: string; why: string } | undefined {
  const failed = mine.find((d) => d.detail.status === "failure");
  if (failed) return { at: doneAt(failed), why: `deployment ${failed.detail.deploymentId} failed` };
  const backout = events.backouts.find((b) => subjectKey(b.subject) === r.key && b.detail.environment === environment);
  // A back-out says when it ended the failure, not when it began: the failure began when the release went live.
  if (backout) return { at: live ? doneAt(live) : backout.at, why: `backed out to ${backout.detail.to}: ${backout.detail.reason}` };
  const review = events.reviews.find((v) => subjectKey(v.subject) === r.key && v.detail.outcome === "failed");
  if (review) return { at: live ? doneAt(live) : review.at, why: "the post-implementation review says failed" };
  return undefined;
}

function restoredAfter(key: string, from: string, successes: readonly Deployment[], backouts: readonly EventOf<"backout">[], environment: string): string | undefined {
  const t = Date.parse(from);
  const candidates = [
    ...backouts.filter((b) => subjectKey(b.subject) === key && b.detail.environment === environment).map((b) => b.at),
    ...[successes.find((d) => Date.parse(doneAt(d)) > t)].flatMap((d) => (d ? [doneAt(d)] : [])),
  ].filter((at) => Date.parse(at) > t);
  return candidates.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

