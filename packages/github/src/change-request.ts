import { z } from "zod";
import { parseApprovalComment, type ApprovalEvidence, type ApprovalReader, type ChangeRequestState } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call } from "./call.ts";
import { issueCommentSchema, issueSchema } from "./schemas.ts";

export const changeRequestLabel = "relm:change-request";

export interface ChangeRequestOptions {
  /** Unique per release and environment: a re-run finds the open issue by it and goes on counting. */
  title: string;
  /** Markdown: the plan, risk class and notes (escaped by the caller). */
  body: string;
  /**
   * Where the request stands given the evidence so far (core's judge: quorum, CAB membership,
   * separation of duties, timeout counted from `openedAt`, when the issue was first opened).
   */
  judge(evidence: ApprovalEvidence[], openedAt: string): Promise<ChangeRequestState>;
  pollIntervalMs: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

export interface ChangeRequestOutcome {
  issue: { number: number; url: string };
  result: Exclude<ChangeRequestState, "waiting">;
}

const instructions = "\n\n---\nCAB members: comment `/approve` or `/reject <reason>` as the first line of a comment.";
const closing: Record<ChangeRequestOutcome["result"], string> = {
  approved: "relm: approved; the release goes on.",
  rejected: "relm: rejected by the CAB; the release stops.",
  "timed-out": "relm: no valid sign-off within the time allowed; closed as not approved.",
};

/**
 * Change-request mode. GitHub counts one approval per environment, so a quorum above one is collected
 * as `/approve` comments on an issue: `approvals()` opens the issue (or finds the one an interrupted
 * run left open), polls its comments until core's judge says approved, rejected or timed out, closes
 * the issue with the outcome and returns every `/approve` and `/reject` as evidence.
 */
export function changeRequestApprovals(client: GitHubClient, options: ChangeRequestOptions): ApprovalReader & { outcome(): ChangeRequestOutcome | undefined } {
  const { octokit, owner, repo } = client;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = options.log ?? (() => undefined);
  let outcome: ChangeRequestOutcome | undefined;
  const openIssue = issueSchema.extend({ title: z.string(), created_at: z.string() });

  async function open(): Promise<z.infer<typeof openIssue>> {
    const list = await call("GET /repos/{owner}/{repo}/issues", z.array(openIssue), () =>
      octokit.rest.issues.listForRepo({ owner, repo, state: "open", labels: changeRequestLabel, per_page: 100 }),
    );
    const existing = list.find((i) => i.title === options.title);
    if (existing) return existing;
    return call("POST /repos/{owner}/{repo}/issues", openIssue, () =>
      octokit.rest.issues.create({ owner, repo, title: options.title, body: options.body + instructions, labels: [changeRequestLabel] }),
    );
  }

  async function evidence(issueNumber: number): Promise<ApprovalEvidence[]> {
    const comments = await call("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", z.array(issueCommentSchema), () =>
      octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }).then((data) => ({ data })),
    );
    const out: ApprovalEvidence[] = [];
    for (const c of comments) {
      if (!c.user || c.body === undefined) continue;
      const e = parseApprovalComment({ user: c.user.login, body: c.body, at: c.created_at, url: c.html_url });
      if (e) out.push(e);
    }
    return out;
  }

  async function close(issueNumber: number, result: ChangeRequestOutcome["result"]): Promise<void> {
    await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", z.object({ id: z.number() }), () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: closing[result] }),
    );
    await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", issueSchema, () =>
      octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, state: "closed", state_reason: result === "approved" ? "completed" : "not_planned" }),
    );
  }

  return {
    outcome: () => outcome,
    async approvals() {
      const issue = await open();
      log(`change request: ${issue.html_url}`);
      for (;;) {
        const all = await evidence(issue.number);
        const state = await options.judge(all, issue.created_at);
        if (state !== "waiting") {
          await close(issue.number, state);
          outcome = { issue: { number: issue.number, url: issue.html_url }, result: state };
          return all;
        }
        log(`change request: waiting for the CAB (${all.length} command${all.length === 1 ? "" : "s"} so far)`);
        await sleep(options.pollIntervalMs);
      }
    },
  };
}
