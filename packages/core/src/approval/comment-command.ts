import type { ApprovalEvidence } from "../ports/forge.ts";
import { shownInvisibles } from "../notes/shown-invisibles.ts";

/** A comment as a forge returns it; only the fields the command needs. */
export interface ApprovalComment {
  user: string;
  body: string;
  /** ISO 8601 creation time. */
  at: string;
  url?: string;
}

const MAX_REASON = 500;
// Exactly the command, alone or followed by blanks and a reason; `/approved`, `/approve:` or a quote are talk.
const COMMAND = /^[ \t]*\/(approve|reject)(?:[ \t]+(.*))?$/;
// C0/C1 controls are dropped; bidi overrides, which make a reason read differently from what it
// is, are shown as [U+202E] so the record keeps that they were there.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The reason text given after a command, made safe to keep as data: no controls, one line, bounded. */
export function cleanReason(text: string): string {
  const clean = shownInvisibles(text.replace(UNSAFE, "").replace(/\t/g, " ").trim());
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON - 1)}…` : clean;
}

/**
 * Change-request mode: a comment whose FIRST line is `/approve [reason]` or `/reject [reason]` is
 * evidence; anything else (including commands on later lines, in quotes or in other case) is talk.
 */
export function parseApprovalComment(comment: ApprovalComment): ApprovalEvidence | undefined {
  const first = comment.body.split(/\r\n|\r|\n/, 1)[0] ?? "";
  const match = COMMAND.exec(first);
  if (!match?.[1]) return undefined;
  const reason = cleanReason(match[2] ?? "");
  return {
    user: comment.user,
    decision: match[1] === "approve" ? "approved" : "rejected",
    at: comment.at,
    ...(reason ? { comment: reason } : {}),
    source: "comment",
    ...(comment.url ? { url: comment.url } : {}),
  };
}

/** Every command among `comments`, in their order. */
export function approvalsFromComments(comments: readonly ApprovalComment[]): ApprovalEvidence[] {
  return comments.flatMap((c) => parseApprovalComment(c) ?? []);
}
