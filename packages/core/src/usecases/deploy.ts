import { randomUUID } from "node:crypto";
import { RelmError } from "../errors.ts";
import type { Registry } from "../ports/registry.ts";
import type { ReleaseFacts } from "./publish.ts";
import { verifyChain } from "../record/verify-chain.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";
import type { EventFacts, EventOf } from "../record/event-record-schema.ts";
import { releaseHistoryOf, failureOf, type ReleaseHistory } from "../deploy/release-history.ts";
import { releaseToDeploy, type DeployTarget } from "../deploy/release-to-deploy.ts";
import { recordEvent, type RecordEventResult } from "./record-event.ts";

export interface DeployRequest extends DeployTarget {
  project: string;
  environment: string;
  /** The same id on a re-run resumes the deployment; default: a new one. */
  deploymentId?: string;
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: ReleaseFacts["pipeline"];
  /** The configuration items the policy names for the environment. */
  configurationItems?: string[];
  /** Deploy a release that was backed out or reviewed as failed (recorded as such). */
  allowFailed?: boolean;
  message?: string;
  /** The rollout the deployment is carried out by. */
  rolloutId?: string;
}

export interface DeploymentStart {
  release: ReleaseRecord;
  deploymentId: string;
  started: RecordEventResult;
  /** The deployment's outcome when a run before this one finished it: nothing is left to do. */
  finished?: "success" | "failure";
  /** The forge deployments that mirror the environment's finished deployments: none is this one's. */
  mirrored: string[];
}

type DeploymentDetail = EventOf<"deployment">["detail"];

/** The verified chain, or an error: no deployment is decided on records that may be forged. */
export async function verifiedHistory(registry: Registry): Promise<ReleaseHistory> {
  // The head is read before the records: a publisher appending meanwhile then leaves the head one
  // behind, which verifies. Two appends in between can still look like a gap, so a failed read is
  // tried again; a chain that was really tampered with fails every time.
  let chain = verifyChain(...(await readChain(registry)));
  for (let attempt = 1; attempt < 3 && chain.problems.length > 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    chain = verifyChain(...(await readChain(registry)));
  }
  if (chain.problems.length > 0) {
    throw new RelmError("RELM_CHAIN_BROKEN", "integrity", `the registry ${registry.location} fails verification; nothing is deployed from records that may be forged`, {
      details: chain.problems.map((p) => ({ where: p.where, message: p.message })),
      hint: "Run `relm verify` for details.",
    });
  }
  return releaseHistoryOf(chain);
}

async function readChain(registry: Registry): Promise<[Awaited<ReturnType<Registry["records"]>>, Awaited<ReturnType<Registry["head"]>>]> {
  const head = await registry.head();
  return [await registry.records(), head];
}

/** Re-hashes the stored artifacts: what is deployed is what was signed off, byte for byte. */
async function measuredArtifacts(registry: Registry, release: ReleaseRecord): Promise<DeploymentDetail["artifacts"]> {
  const out: DeploymentDetail["artifacts"] = [];
  for (const a of release.artifacts) {
    const got = await registry.measureArtifact(recordKey(release), a);
    if ("missing" in got || got.sha256 !== a.sha256 || got.size !== a.size) {
      throw new RelmError("RELM_ARTIFACT_ALTERED", "integrity", `${a.name} of ${recordKey(release)} in ${registry.location} is not the artifact its record names; the deployment is refused`, {
        details: [{ where: `${recordKey(release)}/${a.name}`, message: "missing" in got ? got.missing : `stored sha256 ${got.sha256} (${got.size} bytes), recorded ${a.sha256} (${a.size} bytes)` }],
        hint: "Someone changed the stored artifact after publish. Run `relm verify`, and deploy a release whose artifacts verify.",
      });
    }
    out.push({ name: a.name, sha256: got.sha256, size: got.size });
  }
  return out;
}

function refuseUnfit(history: ReleaseHistory, release: ReleaseRecord, request: DeployRequest): void {
  const key = recordKey(release);
  const closed = history.closed.get(key);
  if (closed) {
    throw new RelmError("RELM_DEPLOY_CLOSED", "refused", `release ${key} is closed (${closed}); a closed release takes no further deployments`, {
      hint: "Deploy a newer release, or cut a new one for the change.",
    });
  }
  const failed = failureOf(history, release);
  if (failed && !request.allowFailed) {
    throw new RelmError("RELM_DEPLOY_FAILED_RELEASE", "refused", `release ${key} was marked failed${failed.environment ? ` in ${failed.environment}` : ""} at ${failed.at}: ${failed.reason}`, {
      details: [{ where: failed.where, message: failed.reason }],
      hint: "Deploy a release that did not fail, or pass --allow-failed to redeploy it knowingly (recorded).",
    });
  }
}

/**
 * DEPLOY (start): checks that the version is a published, unaltered, unfailed and open release, and
 * records that its deployment to the environment started. Only one deployment of an environment runs
 * at a time: a second one is refused, naming the one that runs. The same deployment id resumes.
 */
export async function startDeployment(request: DeployRequest, ports: { registry: Registry }): Promise<DeploymentStart> {
  const { registry } = ports;
  const history = await verifiedHistory(registry);
  const release = releaseToDeploy(history.records, request, registry.location);
  const deploymentId = request.deploymentId ?? randomUUID();
  const finished = history.finishedOf(deploymentId);
  if (!finished) refuseUnfit(history, release, request);
  const artifacts = await measuredArtifacts(registry, release);
  const facts: EventFacts = {
    event: "deployment",
    project: request.project,
    subject: { ...(release.package ? { package: release.package } : {}), version: release.version, tag: release.tag, ...(release.candidate ? { candidate: release.candidate.digest } : {}) },
    at: request.at,
    ...(request.actor ? { actor: request.actor } : {}),
    ...(request.pipeline ? { pipeline: request.pipeline } : {}),
    detail: {
      environment: request.environment,
      status: "started",
      deploymentId,
      commit: release.commit,
      artifacts,
      ...(request.configurationItems && request.configurationItems.length > 0 ? { configurationItems: request.configurationItems } : {}),
      startedAt: request.at,
      ...(request.message ? { message: request.message } : {}),
      ...(request.rolloutId ? { rolloutId: request.rolloutId } : {}),
    },
  };
  const busy = async (): Promise<void> => {
    const now = await verifiedHistory(registry);
    const others = now.open(request.environment).filter((o) => o.deploymentId !== deploymentId);
    const other = others[0];
    if (other) {
      throw new RelmError("RELM_DEPLOY_BUSY", "conflict", `${request.environment} is being deployed: ${other.version} (deployment ${other.deploymentId}, started ${other.at}${other.actor ? ` by ${other.actor}` : ""}) has not finished`, {
        details: others.map((o) => ({ where: o.where, message: `deployment ${o.deploymentId} of ${o.version}` })),
        hint: `Wait for it to finish. If it died, finish it: relm deploy record --env ${request.environment} --id ${other.deploymentId} --status failure.`,
      });
    }
  };
  const started = await recordEvent(facts, `${deploymentId}\nstarted`, ports, busy);
  return { release, deploymentId, started, mirrored: history.mirrored(request.environment), ...(finished ? { finished: finished.detail.status === "success" ? "success" : "failure" } : {}) };
}

export interface DeployFinish {
  status: "success" | "failure";
  /** ISO 8601. */
  at: string;
  actor?: string;
  pipeline?: ReleaseFacts["pipeline"];
  message?: string;
  forge?: DeploymentDetail["forge"];
}

/**
 * DEPLOY (finish): records how a started deployment ended. Recording it again is a no-op; recording
 * the other outcome for the same deployment is refused, since a deployment ends once.
 */
export async function finishDeployment(start: Pick<DeploymentStart, "started" | "deploymentId">, finish: DeployFinish, ports: { registry: Registry }): Promise<RecordEventResult> {
  const begun = start.started.event;
  if (begun.event !== "deployment") throw new RelmError("RELM_DEPLOY_UNKNOWN", "not-found", `${start.started.where} is not a deployment`);
  const { status: _started, startedAt, message: _message, ...kept } = begun.detail;
  const facts: EventFacts = {
    event: "deployment",
    project: begun.project,
    subject: begun.subject,
    at: finish.at,
    ...(finish.actor ? { actor: finish.actor } : begun.actor ? { actor: begun.actor } : {}),
    ...(finish.pipeline ? { pipeline: finish.pipeline } : begun.pipeline ? { pipeline: begun.pipeline } : {}),
    detail: {
      ...kept,
      status: finish.status,
      ...(startedAt ? { startedAt } : {}),
      finishedAt: finish.at,
      ...(finish.message ? { message: finish.message } : {}),
      ...(finish.forge ? { forge: finish.forge } : {}),
    },
  };
  // The key is exclusive: whichever outcome is filed first is the one the deployment had.
  const ended = await recordEvent(facts, `${start.deploymentId}\nfinished`, ports);
  const recorded = ended.event.event === "deployment" ? ended.event.detail.status : undefined;
  if (recorded !== finish.status) {
    throw new RelmError("RELM_DEPLOY_FINISHED", "conflict", `deployment ${start.deploymentId} already ended with ${String(recorded)}`, {
      details: [{ where: ended.where, message: `asked to record ${finish.status}` }],
      hint: "A deployment ends once; start a new deployment (a new id) to try again.",
    });
  }
  return ended;
}
