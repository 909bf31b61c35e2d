import { z } from "zod";
import { parseApprovalComment, type ApprovalEvidence, type ApprovalReader, type ChangeRequestState } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call } from "./call.ts";
import { issueCommentSchema, issueSchema } from "./schemas.ts";

export const changeRequestLabel = "relm:change-request";

export interface ChangeRequestOptions {
  title: string;
  /**
   * Unique per release and environment, kept as a hidden marker in the issue body: a re-run finds the
   * open issue by it (and by relm's own bot as its author), never by a title anyone can type.
   */
  identity: string;
  /** Login the issues are opened as (the token's bot); an issue by anyone else is not relm's. */
  author?: string;
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

const instructions = "\n\n---\nCAB members: comment `/approve` or `/reject <reason>` as the first line of a comment. An edited comment does not count; approvals given before the latest release candidate do not count.";
const identityMarker = (identity: string) => `<!-- relm-change-request: ${identity.replace(/-->/g, "")} -->`;
const candidateMarker = (digest: string) => `<!-- relm-candidate: ${digest} -->`;
const CANDIDATE = /<!-- relm-candidate: (sha256:[0-9a-f]{64}) -->/;
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
  const openIssue = issueSchema.extend({ title: z.string(), created_at: z.string(), body: z.string().nullable().optional(), user: z.object({ login: z.string() }).nullable().optional() });
  const author = options.author ?? "github-actions[bot]";
  const marker = identityMarker(options.identity);

  async function open(candidate: string | undefined): Promise<z.infer<typeof openIssue>> {
    const list = await call("GET /repos/{owner}/{repo}/issues", z.array(openIssue), () =>
      octokit.rest.issues.listForRepo({ owner, repo, state: "open", labels: changeRequestLabel, per_page: 100 }),
    );
    const existing = list.find((i) => i.user?.login === author && (i.body ?? "").includes(marker));
    if (existing) return existing;
    const body = [marker, ...(candidate ? [candidateMarker(candidate), `Release candidate: \`${candidate}\``, ""] : []), options.body + instructions].join("\n");
    return call("POST /repos/{owner}/{repo}/issues", openIssue, () => octokit.rest.issues.create({ owner, repo, title: options.title, body, labels: [changeRequestLabel] }));
  }

  /**
   * The CAB's commands on the issue, in the forge's order, after relm's latest word on the candidate:
   * a new candidate is announced by relm's own comment, and what came before it no longer counts.
   */
  async function evidence(issue: z.infer<typeof openIssue>, candidate: string | undefined): Promise<ApprovalEvidence[]> {
    const comments = await call("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", z.array(issueCommentSchema), () =>
      octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issue.number, per_page: 100 }).then((data) => ({ data })),
    );
    let current = CANDIDATE.exec(issue.body ?? "")?.[1];
    let from = 0;
    comments.forEach((c, index) => {
      const announced = c.user?.login === author ? CANDIDATE.exec(c.body ?? "")?.[1] : undefined;
      if (announced) [current, from] = [announced, index + 1];
    });
    if (candidate && current !== candidate) {
      await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", z.object({ id: z.number() }), () =>
        octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: `${candidateMarker(candidate)}\nrelm: the release candidate is now \`${candidate}\`. Approvals given before this comment do not count; CAB members, approve this one.` }),
      );
      return [];
    }
    const out: ApprovalEvidence[] = [];
    for (const c of comments.slice(from)) {
      if (!c.user || c.body === undefined || c.user.login === author) continue;
      const e = parseApprovalComment({ user: c.user.login, body: c.body, at: c.created_at, url: c.html_url });
      const edited = c.updated_at !== undefined && c.updated_at !== c.created_at;
      if (e) out.push({ ...e, id: `comment:${c.id}`, ...(candidate ? { candidate } : {}), ...(edited ? { edited: true } : {}) });
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
    async approvals(context) {
      const issue = await open(context.candidate);
      log(`change request: ${issue.html_url}`);
      for (;;) {
        const all = await evidence(issue, context.candidate);
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
