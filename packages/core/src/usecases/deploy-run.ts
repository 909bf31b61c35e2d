import { RelmError } from "../errors.ts";
import type { Clock } from "../ports/clock.ts";
import type { HookRunner } from "../ports/hooks.ts";
import type { Registry } from "../ports/registry.ts";
import { finishDeployment, type DeploymentStart } from "./deploy.ts";

export interface Deployed {
  start: DeploymentStart;
  status: "success" | "failure";
  how: string;
  resumed: boolean;
  /** The forge's deployment that mirrors it. */
  forge?: { id: string; url?: string };
}

/** The forge's copy of a deployment: begun before the command runs, finished after the registry's record. */
export interface DeploymentMirror {
  begin(start: DeploymentStart): Promise<{ forge?: { id: string; url?: string }; finish(status: "success" | "failure"): Promise<void> }>;
}

/** What the deploy command sees: the release it deploys, in RELM_* variables. */
export function deploymentVars(start: DeploymentStart, registry: Registry): Record<string, string> {
  const { release, deploymentId } = start;
  return {
    RELM_ENVIRONMENT: start.started.event.event === "deployment" ? start.started.event.detail.environment : "",
    RELM_VERSION: release.version,
    RELM_TAG: release.tag,
    RELM_COMMIT: release.commit,
    RELM_DEPLOYMENT_ID: deploymentId,
    RELM_REGISTRY: registry.location,
    ...(release.package ? { RELM_PACKAGE: release.package } : {}),
  };
}

/**
 * DEPLOY (run): runs the deploy command of a started deployment (or takes the outcome the caller
 * reports) and records how it ended. A deployment a run before this one finished is not run again;
 * reporting the other outcome for it is refused. A command that cannot even start is a failure too,
 * so no deployment is left open by it.
 */
export async function runDeployment(start: DeploymentStart, by: { argv: readonly string[] } | { status: "success" | "failure" }, ports: { registry: Registry; hooks: HookRunner; clock: Clock; mirror?: DeploymentMirror }, who: { actor?: string } = {}): Promise<Deployed> {
  const resumed = !start.started.created;
  if (start.finished && "status" in by && by.status !== start.finished) {
    throw new RelmError("RELM_DEPLOY_FINISHED", "conflict", `deployment ${start.deploymentId} already ended with ${start.finished}`, {
      details: [{ where: "--status", message: `asked to record ${by.status}` }],
      hint: "A deployment ends once; start a new deployment (a new id) to try again.",
    });
  }
  if (start.finished) return { start, status: start.finished, how: "finished before", resumed };
  const mirror = await ports.mirror?.begin(start);
  const forge = mirror?.forge ? { forge: mirror.forge } : {};
  let outcome: { ok: boolean; how: string };
  if ("status" in by) outcome = { ok: by.status === "success", how: "recorded" };
  else if (by.argv.length === 0) outcome = { ok: true, how: "recorded, no command" };
  else {
    try {
      outcome = await ports.hooks.run(by.argv, deploymentVars(start, ports.registry));
    } catch (error) {
      await finishDeployment(start, { status: "failure", at: ports.clock.now().toISOString(), message: error instanceof Error ? error.message : String(error), ...forge }, ports);
      await mirror?.finish("failure");
      throw error;
    }
  }
  const status = outcome.ok ? "success" : "failure";
  // The registry's record first: it is the record of truth, the forge's is a copy.
  await finishDeployment(start, { status, at: ports.clock.now().toISOString(), message: outcome.how, ...(who.actor ? { actor: who.actor } : {}), ...forge }, ports);
  await mirror?.finish(status);
  return { start, status, how: outcome.how, resumed, ...forge };
}
