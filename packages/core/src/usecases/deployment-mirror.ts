import type { DeploymentWriter, ForgeDeploymentRef } from "../ports/forge.ts";
import type { DeploymentMirror } from "./deploy-run.ts";

export interface MirrorOptions {
  writer: DeploymentWriter;
  /** The forge's name for messages: GitHub, GitLab. */
  forge: string;
  project: string;
  /** The pipeline run that deploys. */
  logUrl?: string;
  /** A forge that fails is told here, never thrown: the registry's record is the record of truth. */
  warn(message: string): void;
}

function warning(options: MirrorOptions, what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const hint = typeof error === "object" && error !== null && "hint" in error && typeof error.hint === "string" && error.hint ? ` (${error.hint})` : "";
  options.warn(`${what} ${options.forge}; the registry's record stands: ${message}${hint}`);
}

/**
 * The forge's copy of each deployment (GitHub deployments and statuses, GitLab deployments), made
 * from the started deployment's facts. A forge that refuses or fails is a warning: the deployment
 * goes on and ends as its command does.
 */
export function deploymentMirror(options: MirrorOptions): DeploymentMirror {
  return {
    async begin(start) {
      const detail = start.started.event.event === "deployment" ? start.started.event.detail : undefined;
      const environment = detail?.environment ?? "";
      const { release } = start;
      const facts = {
        environment,
        version: release.version,
        tag: release.tag,
        commit: release.commit,
        deploymentId: start.deploymentId,
        project: options.project,
        ...(release.package ? { package: release.package } : {}),
        description: detail?.message ?? `relm deploy of ${release.package ?? options.project} ${release.version} to ${environment}`,
        ...(options.logUrl ? { logUrl: options.logUrl } : {}),
        ...(start.mirrored ? { taken: start.mirrored } : {}),
      };
      let ref: ForgeDeploymentRef;
      try {
        ref = await options.writer.start(facts);
      } catch (error) {
        warning(options, "the deployment is not mirrored to", error);
        return { finish: async () => undefined };
      }
      return {
        forge: { id: ref.id, ...(ref.url ? { url: ref.url } : {}) },
        finish: async (status) => {
          try {
            await options.writer.finish(ref, status, facts);
          } catch (error) {
            warning(options, `the deployment's ${status} is not mirrored to`, error);
          }
        },
      };
    },
  };
}
