// What the deploy, rollout, backout and review steps share: the registry, the project, who runs, the ports.
import { systemClock, type Clock, type HookRunner, type Registry } from "@relm/core";
import { deploymentMirror } from "@relm/core/usecases/deployment-mirror";
import type { DeploymentMirror } from "@relm/core/usecases/deploy-run";
import { hookRunner } from "@relm/deploy";
import { openRegistry } from "@relm/registry";
import { openProject, type Project } from "../project.ts";
import { githubForge, type GitHubForge } from "../../forge.ts";
import { registerGitHubReleaseBackend } from "../../release-registry-backend.ts";
import type { ActionContext } from "../run-action.ts";

export interface DeployContext {
  project: Project;
  /** The project's name in the records: `project:` of .relm.yml, else owner/repo (as publish records it). */
  name: string;
  registry: Registry;
  forge: GitHubForge;
  hooks: HookRunner;
  clock: Clock;
  mirror?: DeploymentMirror;
  who: { project: string; actor?: string; pipeline: { provider: "github"; id?: string; url?: string } };
  commit: string;
}

/** The run's command as the hook: the workflow's own text, run by bash as a `run:` step would. */
export const commandOf = (run: string): string[] => (run.trim() === "" ? [] : ["bash", "-c", run]);

export async function deployContext(ctx: ActionContext, s: { token: string; config: string; "working-directory": string; registry: string; mirror?: boolean }): Promise<DeployContext> {
  const { env, runtime, run } = ctx;
  runtime.mask(s.token);
  registerGitHubReleaseBackend();
  const project = await openProject(run, s);
  const url = s.registry || project.config.registry?.url || "file:.relm/registry";
  const registry = await openRegistry(url, { cwd: project.cwd, env: { ...env, GITHUB_TOKEN: s.token }, fetch: globalThis.fetch, ...(project.config.registry ? { options: project.config.registry } : {}) });
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const name = project.config.project ?? run.repository;
  const runUrl = run.runId ? `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` : undefined;
  const actor = run.triggeringActor ?? run.actor;
  const writer = forge.deploymentWriter;
  const mirror = s.mirror === false || !writer ? undefined : deploymentMirror({ writer, forge: "GitHub", project: name, ...(runUrl ? { logUrl: runUrl } : {}), warn: (m) => runtime.warning(m) });
  return {
    project,
    name,
    registry,
    forge,
    hooks: hookRunner(project.cwd),
    clock: systemClock,
    ...(mirror ? { mirror } : {}),
    who: { project: name, ...(actor ? { actor } : {}), pipeline: { provider: "github", ...(run.runId ? { id: run.runId } : {}), ...(runUrl ? { url: runUrl } : {}) } },
    commit: await project.git.resolve("HEAD"),
  };
}
