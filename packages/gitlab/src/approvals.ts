import { parseApprovalComment, RelmError, type ApprovalEvidence, type ApprovalReader } from "@relm/core";
import { z } from "zod";
import type { GitlabClient } from "./client.ts";
import { call, statusOf } from "./call.ts";
import { currentUserSchema, deploymentSchema, jobSchema, noteSchema } from "./schemas.ts";
import { gitlabReadAgain } from "./read-again.ts";

const DEPLOYMENTS = "GET /projects/:id/deployments";
const DEPLOYMENT = "GET /projects/:id/deployments/:deployment_id";
const JOB = "GET /projects/:id/jobs/:job_id";
const NOTES = "GET /projects/:id/issues/:issue_iid/notes";
const CREATE_NOTE = "POST /projects/:id/issues/:issue_iid/notes";
const CURRENT_USER = "GET /user";
const CANDIDATE = /<!-- relm-candidate: (sha256:[0-9a-f]{64}) -->/;

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
      id: `deployment:${d.id}/${a.user.username}`,
      ...(options.webUrl ? { url: `${options.webUrl}/-/environments` } : {}),
    }));
  }

  async function fromManualJob(): Promise<ApprovalEvidence[]> {
    const jobId = options.jobId;
    if (jobId !== undefined) {
      try {
        const job = await call(JOB, jobSchema, () => client.jobs.show(project, jobId));
        if (job.user) {
          return [{ user: job.user.username, decision: "approved", at: job.started_at ?? job.finished_at ?? new Date(0).toISOString(), source: "manual-job", id: `job:${job.id}`, ...(job.web_url ? { url: job.web_url } : {}) }];
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

  /** Who relm is on this instance (the token's user): only its own notes announce a candidate. */
  async function relmUser(): Promise<string> {
    try {
      return (await call(CURRENT_USER, currentUserSchema, () => client.users.showCurrentUser())).username;
    } catch (error) {
      const status = statusOf(error instanceof Error ? error.cause : undefined);
      if (status !== 401 && status !== 403) throw error;
      throw new RelmError("RELM_GITLAB_CHANGE_REQUEST_TOKEN", "refused", "change-request mode cannot bind the /approve notes to the release candidate with this token", {
        hint: "set GITLAB_TOKEN to a project access token with the api scope: relm announces the candidate on the issue and counts only the notes after it",
        details: [{ where: CURRENT_USER, message: `HTTP ${status}` }],
      });
    }
  }

  /**
   * `/approve` and `/reject` notes, as on GitHub: with a candidate, only the notes after relm's newest
   * note announcing that candidate count; when the issue names another one (or none), relm announces
   * this one and nothing counts yet, so an approval of an earlier candidate never carries over. An
   * edited note (updated after it was made) is marked so and never counts.
   */
  async function fromIssue(candidate: string | undefined): Promise<ApprovalEvidence[]> {
    const iid = options.issueIid;
    if (iid === undefined) {
      throw new RelmError("RELM_GITLAB_NO_ISSUE", "usage", "change-request mode needs the issue that carries the /approve notes", {
        hint: "pass the change_request_issue input (the issue's IID)",
      });
    }
    const notes = await call(NOTES, z.array(noteSchema), () => client.issueNotes.all(project, iid, { sort: "asc", orderBy: "created_at", perPage: 100, maxPages: 10 }));
    const me = candidate === undefined ? undefined : await relmUser();
    let from = 0;
    let announced: string | undefined;
    notes.forEach((note, index) => {
      const digest = !note.system && note.author.username === me ? CANDIDATE.exec(note.body)?.[1] : undefined;
      if (digest) [announced, from] = [digest, index + 1];
    });
    if (candidate !== undefined && announced !== candidate) {
      const body = `<!-- relm-candidate: ${candidate} -->\nrelm: the release candidate is now \`${candidate}\`. Notes before this one do not count; CAB members, comment \`/approve\` or \`/reject <reason>\` on this candidate, then retry the approve job.`;
      await call(CREATE_NOTE, noteSchema, () => client.issueNotes.create(project, iid, body));
      return [];
    }
    const evidence: ApprovalEvidence[] = [];
    for (const note of notes.slice(from)) {
      if (note.system || note.author.username === me) continue;
      const e = parseApprovalComment({ user: note.author.username, body: note.body, at: note.created_at, ...(options.webUrl ? { url: `${options.webUrl}/-/issues/${iid}#note_${note.id}` } : {}) });
      if (!e) continue;
      const edited = note.updated_at != null && note.updated_at !== note.created_at;
      evidence.push({ ...e, id: `note:${note.id}`, ...(candidate ? { candidate } : {}), ...(edited ? { edited: true } : {}) });
    }
    return evidence;
  }

  return {
    readAgain: gitlabReadAgain({
      deployment: (id) => call(DEPLOYMENT, deploymentSchema, () => client.deployments.show(project, id)),
      job: (id) => call(JOB, jobSchema, () => client.jobs.show(project, id)),
      notes: fromIssue,
    }),
    async approvals({ environment, candidate }) {
      switch (options.mode) {
        case "deployment":
          return (await fromDeployment(environment, true)) ?? [];
        case "manual-job":
          return fromManualJob();
        case "change-request":
          return fromIssue(candidate);
        case "auto":
          return (await fromDeployment(environment, false)) ?? fromManualJob();
      }
    },
  };
}
