import { randomUUID } from "node:crypto";

/**
 * The id a deployment is recorded under. In CI it comes from the pipeline, so a retried job resumes
 * the deployment it interrupted instead of starting a second one; on a terminal every run is new
 * (`--id` resumes one by hand).
 */
export function deploymentIdOf(env: NodeJS.ProcessEnv, what: { environment: string; version?: string; step?: string }): string {
  const parts = [what.environment, what.version ?? "head", what.step].filter((p): p is string => p !== undefined);
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_RUN_ID) return ["github", env.GITHUB_RUN_ID, env.GITHUB_JOB ?? "job", ...parts].join("-");
  if (env.GITLAB_CI === "true" && env.CI_PIPELINE_ID) return ["gitlab", env.CI_PIPELINE_ID, env.CI_JOB_NAME ?? "job", ...parts].join("-");
  return randomUUID();
}
