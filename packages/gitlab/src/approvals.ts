import { RelmError, type ApprovalEvidence, type ApprovalReader } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call, statusOf } from "./call.ts";
import { deploymentSchema, jobSchema, noteSchema } from "./schemas.ts";

const DEPLOYMENTS = "GET /projects/:id/deployments";
const DEPLOYMENT = "GET /projects/:id/deployments/:deployment_id";
const JOB = "GET /projects/:id/jobs/:job_id";
const NOTES = "GET /projects/:id/issues/:issue_iid/notes";

/**
 * Where the CAB's word is read from on GitLab:
 * - deployment: the approvals of a deployment to a protected environment (Premium/Ultimate);
 * - manual-job: the user who played the manual approve job (any tier);
 * - change-request: `/approve` and `/reject` notes on an issue, for a quorum above one;
 * - auto: deployment approvals when the pipeline's deployment has any, else the manual job.
 */
export type GitlabApprovalMode = "deployment" | "manual-job" | "change-request" | "auto";

export interface GitlabApprovalOptions {
  mode: GitlabApprovalMode;
  /** An explicit deployment; otherwise the newest deployment of this pipeline to the environment. */
  deploymentId?: number;
  pipelineId?: number;
  /** The manual job whose player signs off (default: the running job, CI_JOB_ID). */
  jobId?: number;
  issueIid?: number;
  /** GITLAB_USER_LOGIN, used when the token may not read the job (job tokens on older GitLab). */
  fallbackUser?: string;
  /** When the fallback was recorded (the job's start); ISO 8601. */
  fallbackAt?: string;
  webUrl?: string;
}

/** `/approve`, `/approve looks good`, `/reject too risky`: the first line decides. */
export function commandOf(body: string): { decision: "approved" | "rejected"; comment?: string } | undefined {
  const first = body.trimStart().split("\n")[0] ?? "";
  const m = /^\/(approve|reject)\b[ \t]*(.*)$/.exec(first);
  if (!m) return undefined;
  const comment = m[2]?.trim();
  return { decision: m[1] === "approve" ? "approved" : "rejected", ...(comment ? { comment } : {}) };
}

export function gitlabApprovalReader(client: GitlabClient, project: string, options: GitlabApprovalOptions): ApprovalReader {
  async function deploymentFor(environment: string): Promise<z.infer<typeof deploymentSchema> | undefined> {
    if (options.deploymentId !== undefined) {
      const id = options.deploymentId;
      return call(DEPLOYMENT, deploymentSchema, () => client.deployments.show(project, id));
    }
    const list = await call(DEPLOYMENTS, z.array(deploymentSchema), () =>
      client.deployments.all(project, { environment, orderBy: "id", sort: "desc", perPage: 50, maxPages: 1 }),
    );
    const mine = list.find((d) => d.environment.name === environment && (options.pipelineId === undefined || d.deployable?.pipeline?.id === options.pipelineId));
    if (!mine) return undefined;
    // The list may omit approvals; the single deployment carries them.
    return call(DEPLOYMENT, deploymentSchema, () => client.deployments.show(project, mine.id));
  }

  async function fromDeployment(environment: string, required: boolean): Promise<ApprovalEvidence[] | undefined> {
    const d = await deploymentFor(environment);
    if (!d) {
      if (!required) return undefined;
      throw new RelmError("RELM_GITLAB_NO_DEPLOYMENT", "not-found", `no deployment of this pipeline to ${environment} was found`, {
        hint: "run the approve job after a job with `environment: { name: ..., action: start }` in the same pipeline, or pass deployment_id",
        details: [{ where: DEPLOYMENTS, message: `environment=${environment}${options.pipelineId ? ` pipeline=${options.pipelineId}` : ""}` }],
      });
    }
    const approvals = d.approvals ?? [];
    if (!required && approvals.length === 0 && (d.pending_approval_count ?? 0) === 0) return undefined;
    return approvals.map((a) => ({
      user: a.user.username,
      decision: a.status,
      at: a.created_at,
      ...(a.comment ? { comment: a.comment } : {}),
      source: "deployment" as const,
      ...(options.webUrl ? { url: `${options.webUrl}/-/environments` } : {}),
    }));
  }

  async function fromManualJob(): Promise<ApprovalEvidence[]> {
    const jobId = options.jobId;
    if (jobId !== undefined) {
      try {
        const job = await call(JOB, jobSchema, () => client.jobs.show(project, jobId));
        if (job.user) {
          return [{ user: job.user.username, decision: "approved", at: job.started_at ?? job.finished_at ?? new Date(0).toISOString(), source: "manual-job", ...(job.web_url ? { url: job.web_url } : {}) }];
        }
      } catch (error) {
        const status = statusOf(error instanceof Error ? error.cause : undefined);
        if (!(status === 401 || status === 403) || options.fallbackUser === undefined) throw error;
      }
    }
    if (options.fallbackUser === undefined) {
      throw new RelmError("RELM_GITLAB_NO_PLAYER", "not-found", "cannot tell who played the manual approve job", {
        hint: "run the approve component with `when: manual` inside a GitLab job (GITLAB_USER_LOGIN and CI_JOB_ID are set there)",
      });
    }
    return [{ user: options.fallbackUser, decision: "approved", at: options.fallbackAt ?? new Date(0).toISOString(), source: "manual-job" }];
  }

  async function fromIssue(): Promise<ApprovalEvidence[]> {
    const iid = options.issueIid;
    if (iid === undefined) {
      throw new RelmError("RELM_GITLAB_NO_ISSUE", "usage", "change-request mode needs the issue that carries the /approve notes", {
        hint: "pass the change_request_issue input (the issue's IID)",
      });
    }
    const notes = await call(NOTES, z.array(noteSchema), () => client.issueNotes.all(project, iid, { sort: "asc", orderBy: "created_at", perPage: 100, maxPages: 10 }));
    const evidence: ApprovalEvidence[] = [];
    for (const note of notes) {
      if (note.system) continue;
      const command = commandOf(note.body);
      if (!command) continue;
      evidence.push({
        user: note.author.username,
        decision: command.decision,
        at: note.created_at,
        ...(command.comment ? { comment: command.comment } : {}),
        source: "comment",
        ...(options.webUrl ? { url: `${options.webUrl}/-/issues/${iid}#note_${note.id}` } : {}),
      });
    }
    return evidence;
  }

  return {
    async approvals({ environment }) {
      switch (options.mode) {
        case "deployment":
          return (await fromDeployment(environment, true)) ?? [];
        case "manual-job":
          return fromManualJob();
        case "change-request":
          return fromIssue();
        case "auto":
          return (await fromDeployment(environment, false)) ?? fromManualJob();
      }
    },
  };
}
