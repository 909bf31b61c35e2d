import { basename } from "node:path";
import type { Command } from "commander";
import type { Registry } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { finishDeployment, startDeployment, type DeploymentStart } from "@relm/core/usecases/deploy";
import { gitRepository } from "@relm/git/repository";
import { openProjectRegistry, type RegistryRun } from "../commands/registry-run.ts";
import { pipelineOf } from "../release/project-of.ts";
import { deploymentIdOf } from "./deployment-id.ts";
import { runHook } from "./run-hook.ts";
import { openMirror, startMirror, type ForgeMirror } from "./forge-mirror.ts";

/** What deploy, backout and rollout share: the registry, who runs, which pipeline, the project. */
export interface DeployRun extends RegistryRun {
  project: string;
  commit: string;
  actor?: string;
  pipeline: ReturnType<typeof pipelineOf>;
  configurationItems(environment: string): string[];
  /** Where deployments are mirrored on the forge; none for review and close, or with --no-mirror. */
  mirror?: ForgeMirror;
}

export async function deployRun(command: Command, options: { mirror?: boolean } = {}): Promise<DeployRun> {
  const run = await openProjectRegistry(command);
  const commit = await gitRepository(run.root).resolve("HEAD").catch(() => "");
  const mirror = options.mirror ? await openMirror(command, run.root) : undefined;
  const actor = command.optsWithGlobals<{ actor?: string }>().actor ?? (process.env.GITHUB_ACTIONS === "true" ? process.env.GITHUB_TRIGGERING_ACTOR || process.env.GITHUB_ACTOR : process.env.GITLAB_USER_LOGIN) ?? undefined;
  return {
    ...run,
    project: run.config.project ?? basename(run.root),
    commit,
    ...(actor ? { actor } : {}),
    pipeline: pipelineOf(process.env),
    configurationItems: (environment) => run.config.policy?.environments[environment]?.configurationItems ?? [],
    ...(mirror ? { mirror } : {}),
  };
}

export interface DeployAsk {
  environment: string;
  version?: string;
  package?: string;
  id?: string;
  allowFailed?: boolean;
  message?: string;
}

/** Starts (or resumes) a recorded deployment of a published release. */
export async function startRecorded(run: DeployRun, ask: DeployAsk): Promise<DeploymentStart> {
  return startDeployment(
    {
      project: run.project,
      environment: ask.environment,
      ...(ask.version ? { version: ask.version } : {}),
      ...(ask.package ? { package: ask.package } : {}),
      commit: run.commit,
      deploymentId: ask.id ?? deploymentIdOf(process.env, { environment: ask.environment, ...(ask.version ? { version: ask.version } : {}) }),
      at: new Date().toISOString(),
      ...(run.actor ? { actor: run.actor } : {}),
      pipeline: run.pipeline,
      configurationItems: run.configurationItems(ask.environment),
      ...(ask.allowFailed ? { allowFailed: true } : {}),
      ...(ask.message ? { message: ask.message } : {}),
    },
    { registry: run.registry },
  );
}

export interface Deployed {
  start: DeploymentStart;
  status: "success" | "failure";
  how: string;
  resumed: boolean;
  /** The forge's deployment that mirrors it. */
  forge?: { id: string; url?: string };
}

/**
 * Runs the deploy command of a started deployment and records how it ended. A deployment that a run
 * before this one already finished is not run again.
 */
export async function runRecorded(run: DeployRun, start: DeploymentStart, by: { argv: readonly string[] } | { status: "success" | "failure" }, registry: Registry = run.registry): Promise<Deployed> {
  const resumed = !start.started.created;
  if (start.finished && "status" in by && by.status !== start.finished) {
    throw new RelmError("RELM_DEPLOY_FINISHED", "conflict", `deployment ${start.deploymentId} already ended with ${start.finished}`, {
      details: [{ where: "--status", message: `asked to record ${by.status}` }],
      hint: "A deployment ends once; start a new deployment (a new id) to try again.",
    });
  }
  if (start.finished) return { start, status: start.finished, how: "finished before", resumed };
  const { release, deploymentId } = start;
  const environment = start.started.event.event === "deployment" ? start.started.event.detail.environment : "";
  const begun = start.started.event.event === "deployment" ? start.started.event.detail.message : undefined;
  const mirror = await startMirror(run.mirror, {
    environment,
    version: release.version,
    tag: release.tag,
    commit: release.commit,
    deploymentId,
    project: run.project,
    ...(release.package ? { package: release.package } : {}),
    description: begun ?? `relm deploy of ${release.package ?? run.project} ${release.version} to ${environment}`,
    ...(run.pipeline?.url ? { logUrl: run.pipeline.url } : {}),
    taken: start.mirrored,
  });
  const forge = mirror.forge ? { forge: mirror.forge } : {};
  const vars: Record<string, string> = {
    RELM_ENVIRONMENT: environment,
    RELM_VERSION: release.version,
    RELM_TAG: release.tag,
    RELM_COMMIT: release.commit,
    RELM_DEPLOYMENT_ID: deploymentId,
    RELM_REGISTRY: registry.location,
    ...(release.package ? { RELM_PACKAGE: release.package } : {}),
  };
  let outcome: { ok: boolean; how: string };
  if ("status" in by) outcome = { ok: by.status === "success", how: "recorded" };
  else if (by.argv.length === 0) outcome = { ok: true, how: "recorded, no command" };
  else {
    try {
      outcome = await runHook(by.argv, vars, run.root);
    } catch (error) {
      await finishDeployment(start, { status: "failure", at: new Date().toISOString(), message: error instanceof Error ? error.message : String(error), ...forge }, { registry });
      await mirror.finish("failure");
      throw error;
    }
  }
  const status = outcome.ok ? "success" : "failure";
  // The registry's record first: it is the record of truth, the forge's is a copy.
  await finishDeployment(start, { status, at: new Date().toISOString(), message: outcome.how, ...(run.actor ? { actor: run.actor } : {}), ...forge }, { registry });
  await mirror.finish(status);
  return { start, status, how: outcome.how, resumed, ...forge };
}

export function deployedLine(d: Deployed): string {
  const env = d.start.started.event.event === "deployment" ? d.start.started.event.detail.environment : "?";
  const what = `${d.start.release.package ? `${d.start.release.package}@` : ""}${d.start.release.version}`;
  return `deployment ${d.start.deploymentId} of ${what} to ${env}: ${d.status} (${d.how}${d.resumed ? ", resumed" : ""})\n`;
}

export function requireStatus(value: string): "success" | "failure" {
  if (value === "success" || value === "failure") return value;
  throw new RelmError("RELM_DEPLOY_STATUS", "usage", `--status ${JSON.stringify(value)} is not a deployment outcome`, { details: [{ where: "--status", message: "expected success or failure" }] });
}
