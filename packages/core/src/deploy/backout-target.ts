import { RelmError } from "../errors.ts";
import { rollbackTarget } from "../record/rollback-target.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";
import { failureOf, type ReleaseHistory } from "./release-history.ts";

export interface BackoutQuery {
  environment: string;
  package?: string;
  /** The version to go back to; default: the previous good one. */
  to?: string;
  /** The version to back out; default: the one running now. */
  current?: string;
}

export interface BackoutPlan {
  current: ReleaseRecord;
  target: ReleaseRecord;
  /** How the two were found, for the message. */
  from: "deployments" | "records";
  /** A back-out of `current` that was recorded and whose deployment has not finished: a re-run resumes it. */
  pending?: { deploymentId: string; to: string };
}

const recordOf = (history: ReleaseHistory, version: string, pkg: string | undefined): ReleaseRecord | undefined =>
  history.records.find((r) => r.version === version && (pkg === undefined || r.package === pkg));

/**
 * What a back-out replaces, and with what. The running version is the newest successful deployment
 * the chain recorded for the environment; the previous good version is the newest successful
 * deployment before it of another release that was not marked failed. An environment relm never
 * deployed falls back to the records published for it (what `relm rollback` reads).
 */
export function backoutTarget(history: ReleaseHistory, query: BackoutQuery): BackoutPlan {
  const plan = chosen(history, query);
  const pending = history.failed.find(
    (f) => f.environment === query.environment && f.version === plan.current.version && f.package === plan.current.package && f.deploymentId !== undefined && !history.finishedOf(f.deploymentId),
  );
  if (!pending?.deploymentId) return plan;
  const to = history.startedOf(pending.deploymentId)?.subject.version;
  const target = query.to === undefined && to !== undefined ? (recordOf(history, to, plan.current.package) ?? plan.target) : plan.target;
  return { ...plan, target, pending: { deploymentId: pending.deploymentId, to: target.version } };
}

function chosen(history: ReleaseHistory, query: BackoutQuery): BackoutPlan {
  const deployed = history
    .deployments(query.environment)
    .filter((d) => d.state === "success" && d.version !== undefined)
    .map((d) => ({ d, record: recordOf(history, d.version ?? "", query.package) }))
    .filter((x): x is { d: (typeof x)["d"]; record: ReleaseRecord } => x.record !== undefined && (query.package === undefined || x.record.package === query.package));
  const named = (version: string, what: string): ReleaseRecord => {
    const found = recordOf(history, version, query.package);
    if (!found) throw new RelmError("RELM_DEPLOY_UNKNOWN", "not-found", `${what} ${version} is not a published release`, { details: [{ where: what, message: version }], hint: "Run `relm list`." });
    return found;
  };
  if (deployed.length === 0) {
    // The running release stays in even when a back-out of it already marked it failed (a re-run).
    const running = query.current ?? history.records.filter((r) => r.environment === query.environment && (query.package === undefined || r.package === query.package)).at(-1)?.version;
    const { current, target } = rollbackTarget(history.records.filter((r) => !failureOf(history, r) || r.version === running), {
      environment: query.environment,
      ...(query.package ? { package: query.package } : {}),
      ...(running ? { current: running } : {}),
    });
    return { current, target: query.to ? named(query.to, "--to") : target, from: "records" };
  }
  const current = query.current ? named(query.current, "--current") : (deployed.at(-1)?.record as ReleaseRecord);
  if (query.to) return { current, target: named(query.to, "--to"), from: "deployments" };
  const lastOfCurrent = deployed.map((x) => recordKey(x.record)).lastIndexOf(recordKey(current));
  const before = (lastOfCurrent < 0 ? deployed : deployed.slice(0, lastOfCurrent)).filter((x) => recordKey(x.record) !== recordKey(current) && !failureOf(history, x.record));
  const target = before.at(-1)?.record;
  if (!target) {
    throw new RelmError("RELM_BACKOUT_NONE", "not-found", `no good release was deployed to ${query.environment} before ${recordKey(current)}; there is nothing to go back to`, {
      details: deployed.map((x) => ({ where: recordKey(x.record), message: `deployed ${x.d.at}${failureOf(history, x.record) ? ", marked failed" : ""}` })),
      hint: "Name the version to deploy instead with --to.",
    });
  }
  return { current, target, from: "deployments" };
}
