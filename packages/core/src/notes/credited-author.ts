import { escapeMarkdown } from "./escape-markdown.ts";

// A login comes from the forge's answer, not from a commit, yet it is still checked: GitHub and
// GitLab allow only letters, digits, `-`, `_` and `.` (GitHub's apps end in `[bot]`), so anything
// else (a hostile proxy, a broken fake) is not taken for a login and the git name is shown instead.
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_])?(?:\[bot\])?$/;

/** Whether the forge's answer has the shape of a login; only such an answer is shown as `@login`. */
export function isLogin(login: string): boolean {
  return LOGIN.test(login);
}

/**
 * The author as the notes credit them: `@login` when the forge named a valid login (a mention, as in
 * the forges' own generated notes), else the git author name as inert text (mentions in it stay
 * code spans, bidi controls are shown). `_`, `[` and `]` are escaped so that a login cannot start
 * emphasis or a link; the forges resolve mentions after Markdown, so `@a\_b` still mentions a_b.
 */
export function creditedAuthor(name: string, login: string | undefined): string {
  if (login !== undefined && isLogin(login)) return `@${login.replace(/[_[\]]/g, "\\$&")}`;
  return escapeMarkdown(name);
}
