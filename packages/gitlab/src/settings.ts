import { RelmError } from "@relm/core";
import type { GitlabAuth } from "./client.ts";
import type { GitlabApprovalMode, GitlabApprovalOptions } from "./approvals.ts";

/** Everything the GitLab adapters need, read once from the job's CI_* variables and relm's inputs. */
export interface GitlabSettings {
  host: string;
  project: string;
  auth?: GitlabAuth;
  pipelineId?: number;
  projectUrl?: string;
  /** Milestones linked to every release this run makes (RELM_MILESTONES, comma-separated). */
  milestones?: string[];
  approval: GitlabApprovalOptions;
}

const modes: readonly GitlabApprovalMode[] = ["deployment", "manual-job", "change-request", "auto"];

function int(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw)) throw new RelmError("RELM_GITLAB_SETTINGS", "usage", `${name} must be a whole number, got ${JSON.stringify(raw)}`, { details: [{ where: name, message: "expected digits only" }] });
  return Number(raw);
}

/**
 * Settings from the environment. A token the user gives (`--token`, GITLAB_TOKEN or
 * RELM_GITLAB_TOKEN) is sent as PRIVATE-TOKEN; otherwise the job's CI_JOB_TOKEN as JOB-TOKEN.
 */
export function gitlabSettingsFromEnv(env: NodeJS.ProcessEnv, token?: string): GitlabSettings {
  const host = (env.RELM_GITLAB_HOST || env.CI_SERVER_URL || "").trim();
  const project = (env.RELM_GITLAB_PROJECT || env.CI_PROJECT_ID || env.CI_PROJECT_PATH || "").trim();
  const missing = [host ? undefined : "CI_SERVER_URL (or RELM_GITLAB_HOST)", project ? undefined : "CI_PROJECT_ID (or RELM_GITLAB_PROJECT)"].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw new RelmError("RELM_GITLAB_SETTINGS", "usage", `GitLab needs ${missing.join(" and ")}`, {
      hint: "run inside a GitLab CI job, or set the variables named here",
      details: missing.map((m) => ({ where: m, message: "not set" })),
    });
  }
  const given = token || env.GITLAB_TOKEN || env.RELM_GITLAB_TOKEN;
  const auth: GitlabAuth | undefined = given ? { kind: "token", value: given } : env.CI_JOB_TOKEN ? { kind: "job-token", value: env.CI_JOB_TOKEN } : undefined;
  const mode = (env.RELM_GITLAB_APPROVAL_MODE || "auto").trim() as GitlabApprovalMode;
  if (!modes.includes(mode)) {
    throw new RelmError("RELM_GITLAB_SETTINGS", "usage", `RELM_GITLAB_APPROVAL_MODE must be one of ${modes.join(", ")}, got ${JSON.stringify(mode)}`, {
      details: [{ where: "RELM_GITLAB_APPROVAL_MODE", message: `expected ${modes.join(" | ")}` }],
    });
  }
  const pipelineId = int(env, "CI_PIPELINE_ID");
  const deploymentId = int(env, "RELM_GITLAB_DEPLOYMENT_ID");
  const jobId = int(env, "RELM_GITLAB_APPROVAL_JOB_ID") ?? int(env, "CI_JOB_ID");
  const issueIid = int(env, "RELM_GITLAB_CHANGE_REQUEST_ISSUE");
  const projectUrl = env.CI_PROJECT_URL?.trim() || undefined;
  const milestones = (env.RELM_MILESTONES ?? "").split(",").map((m) => m.trim()).filter((m) => m !== "");
  return {
    host,
    project,
    ...(auth ? { auth } : {}),
    ...(pipelineId === undefined ? {} : { pipelineId }),
    ...(projectUrl ? { projectUrl } : {}),
    ...(milestones.length > 0 ? { milestones } : {}),
    approval: {
      mode,
      ...(deploymentId === undefined ? {} : { deploymentId }),
      ...(pipelineId === undefined ? {} : { pipelineId }),
      ...(jobId === undefined ? {} : { jobId }),
      ...(issueIid === undefined ? {} : { issueIid }),
      ...(env.GITLAB_USER_LOGIN ? { fallbackUser: env.GITLAB_USER_LOGIN } : {}),
      ...(env.CI_JOB_STARTED_AT ? { fallbackAt: env.CI_JOB_STARTED_AT } : {}),
      ...(projectUrl ? { webUrl: projectUrl } : {}),
    },
  };
}
