import { z } from "zod";
import type { ApprovalEvidence, ApprovalReader, MembershipReader } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call } from "./call.ts";
import { issueCommentSchema, issueSchema } from "./schemas.ts";

export const changeRequestLabel = "relm:change-request";

export interface ChangeRequestOptions {
  /** Unique per release and environment: a re-run finds the open issue by it and goes on counting. */
  title: string;
  /** Markdown: the plan, risk class and notes (escaped by the caller). */
  body: string;
  quorum: number;
  cab: { users: string[]; groups: string[] };
  members: MembershipReader;
  /** Logins whose word does not count towards quorum (authors, the one who triggered the run). */
  exclude?: string[];
  pollIntervalMs: number;
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface ChangeRequestOutcome {
  issue: { number: number; url: string };
  result: "approved" | "rejected" | "timed-out";
}

/** `/approve [comment]` or `/reject [comment]` as the first line of a comment; anything else is talk. */
export function parseCommand(body: string | undefined): { decision: ApprovalEvidence["decision"]; comment: string } | undefined {
  const first = (body ?? "").trimStart().split(/\r?\n/, 1)[0] ?? "";
  const match = /^\/(approve|reject)\b\s*(.*)$/i.exec(first.trim());
  if (!match?.[1]) return undefined;
  return { decision: match[1].toLowerCase() === "approve" ? "approved" : "rejected", comment: (match[2] ?? "").trim() };
}

const instructions = "\n\n---\nCAB members: comment `/approve` or `/reject <reason>` on its own first line.";

/**
 * Change-request mode: GitHub counts one approval per environment, so a quorum above one is
 * collected as `/approve` comments on an issue. `approvals()` opens (or reopens the search for) the
 * issue, polls until the CAB quorum approves, a CAB member rejects or the time is up, closes the
 * issue with the outcome and returns every `/approve` and `/reject` as evidence for core to judge.
 */
export function changeRequestApprovals(client: GitHubClient, options: ChangeRequestOptions): ApprovalReader & { outcome(): ChangeRequestOutcome | undefined } {
  const { octokit, owner, repo } = client;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const exclude = new Set((options.exclude ?? []).map((u) => u.toLowerCase()));
  let outcome: ChangeRequestOutcome | undefined;

  async function isCab(user: string): Promise<boolean> {
    if (options.cab.users.some((u) => u.toLowerCase() === user.toLowerCase())) return true;
    for (const group of options.cab.groups) if (await options.members.isMember(user, group)) return true;
    return false;
  }

  async function openIssue(): Promise<z.infer<typeof issueSchema>> {
    const open = await call("GET /repos/{owner}/{repo}/issues", z.array(issueSchema.extend({ title: z.string() })), () =>
      octokit.rest.issues.listForRepo({ owner, repo, state: "open", labels: changeRequestLabel, per_page: 100 }),
    );
    const existing = open.find((i) => i.title === options.title);
    if (existing) return existing;
    return call("POST /repos/{owner}/{repo}/issues", issueSchema, () =>
      octokit.rest.issues.create({ owner, repo, title: options.title, body: options.body + instructions, labels: [changeRequestLabel] }),
    );
  }

  async function evidence(issueNumber: number): Promise<ApprovalEvidence[]> {
    const comments = await call("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", z.array(issueCommentSchema), () =>
      octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }).then((data) => ({ data })),
    );
    const out: ApprovalEvidence[] = [];
    for (const c of comments) {
      const command = parseCommand(c.body);
      if (!command || !c.user) continue;
      out.push({ user: c.user.login, decision: command.decision, at: c.created_at, ...(command.comment ? { comment: command.comment } : {}), source: "comment", url: c.html_url });
    }
    return out;
  }

  /** The latest word of each CAB member who may count. */
  async function tally(all: ApprovalEvidence[]): Promise<{ approvers: string[]; rejecters: string[] }> {
    const latest = new Map<string, ApprovalEvidence>();
    for (const e of all) latest.set(e.user.toLowerCase(), e);
    const approvers: string[] = [];
    const rejecters: string[] = [];
    for (const e of latest.values()) {
      if (exclude.has(e.user.toLowerCase()) || !(await isCab(e.user))) continue;
      (e.decision === "approved" ? approvers : rejecters).push(e.user);
    }
    return { approvers, rejecters };
  }

  async function close(issueNumber: number, result: ChangeRequestOutcome["result"], who: string[]): Promise<void> {
    const text =
      result === "approved" ? `Approved by ${who.map((u) => `@${u}`).join(", ")}.` : result === "rejected" ? `Rejected by ${who.map((u) => `@${u}`).join(", ")}.` : `No quorum within the time allowed; closed as not approved.`;
    await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", z.object({ id: z.number() }), () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: `relm: ${text}` }),
    );
    await call("PATCH /repos/{owner}/{repo}/issues/{issue_number}", issueSchema, () =>
      octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, state: "closed", state_reason: result === "approved" ? "completed" : "not_planned" }),
    );
  }

  return {
    outcome: () => outcome,
    async approvals() {
      const issue = await openIssue();
      log(`change request: ${issue.html_url}`);
      const deadline = now().getTime() + options.timeoutMs;
      for (;;) {
        const all = await evidence(issue.number);
        const { approvers, rejecters } = await tally(all);
        const result = rejecters.length > 0 ? "rejected" : approvers.length >= options.quorum ? "approved" : now().getTime() >= deadline ? "timed-out" : undefined;
        if (result) {
          await close(issue.number, result, result === "rejected" ? rejecters : approvers);
          outcome = { issue: { number: issue.number, url: issue.html_url }, result };
          return all;
        }
        log(`change request: ${approvers.length}/${options.quorum} CAB approvals; waiting`);
        await sleep(options.pollIntervalMs);
      }
    },
  };
}
