import { basename } from "node:path";
import type { ReleaseFacts } from "@relm/core";
import type { CommandContext } from "./context.ts";

/** The pipeline run that produced the artifacts, as the CI host describes it. */
export function pipelineOf(env: NodeJS.ProcessEnv): ReleaseFacts["pipeline"] {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_RUN_ID) {
    const url = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    return { provider: "github", id: env.GITHUB_RUN_ID, ...(url ? { url } : {}) };
  }
  if (env.GITLAB_CI === "true" && env.CI_PIPELINE_ID) return { provider: "gitlab", id: env.CI_PIPELINE_ID, ...(env.CI_PIPELINE_URL ? { url: env.CI_PIPELINE_URL } : {}) };
  return { provider: "local" };
}

/** The source repository's URL as the CI host names it; undefined on a workstation (the project's name stands in). */
export function repositoryOf(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  if (env.GITLAB_CI === "true" && env.CI_PROJECT_URL) return env.CI_PROJECT_URL;
  return undefined;
}

export function projectOf(ctx: Pick<CommandContext, "loaded" | "root">): string {
  return ctx.loaded.config.project ?? basename(ctx.root);
}
