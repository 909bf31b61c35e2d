import { basename } from "node:path";
import type { Command } from "commander";
import { systemClock } from "@relm/core/ports/clock";
import { RelmError } from "@relm/core/errors";
import { startDeployment, type DeploymentStart } from "@relm/core/usecases/deploy";
import { runDeployment, type Deployed } from "@relm/core/usecases/deploy-run";
import { deploymentMirror } from "@relm/core/usecases/deployment-mirror";
import { deploymentIdOf, hookRunner } from "@relm/deploy";
import { gitRepository } from "@relm/git/repository";
import { openProjectRegistry, type RegistryRun } from "../commands/registry-run.ts";
import { pipelineOf } from "../release/project-of.ts";
import { openMirror, type ForgeMirror } from "./forge-mirror.ts";

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

/** Runs (or takes the reported outcome of) a started deployment and records how it ended. */
export function runRecorded(run: DeployRun, start: DeploymentStart, by: { argv: readonly string[] } | { status: "success" | "failure" }): Promise<Deployed> {
  const mirror = run.mirror
    ? deploymentMirror({ writer: run.mirror.writer, forge: run.mirror.kind === "github" ? "GitHub" : "GitLab", project: run.project, ...(run.pipeline?.url ? { logUrl: run.pipeline.url } : {}), warn: (m) => void process.stderr.write(`relm: warning: ${m}\n`) })
    : undefined;
  return runDeployment(start, by, { registry: run.registry, hooks: hookRunner(run.root), clock: systemClock, ...(mirror ? { mirror } : {}) }, run.actor ? { actor: run.actor } : {});
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
