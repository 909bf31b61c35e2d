// Commit messages are written by anyone who can open a pull request. In notes they must stay text:
// no HTML, no links or images of their own, no headings or quotes, and no @mention pings (which
// notify people and teams from every release). Mentions are wrapped in a code span: still readable
// and copyable, never a ping (GitHub and GitLab do not resolve mentions inside code).

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()<>#!|~&]/g;
const MENTION = /(^|[^\w`@.\-/])@([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:\/[A-Za-z0-9_.-]+)?)/g;
const ENTITY: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/** One line of untrusted text as inert Markdown (whitespace, newlines included, collapse to single spaces). */
// Text with none of these needs no work (most commit descriptions): checked first, it is cheap.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\\`*_{}[\]()<>#!|~&@\u0000-\u001f\u007f]|^[-+=\d\s]|\s$|\s\s|[^\S ]/;

export function escapeMarkdown(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  // Control characters (terminal escapes included) become spaces; then whitespace runs collapse.
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  // Mentions first, on the raw text: the code span keeps the name literal, so it is not escaped.
  const parts: string[] = [];
  let last = 0;
  for (const m of line.matchAll(MENTION)) {
    const at = (m.index ?? 0) + (m[1]?.length ?? 0);
    parts.push(escapePlain(line.slice(last, at)), `\`@${m[2] ?? ""}\``);
    last = at + 1 + (m[2]?.length ?? 0);
  }
  parts.push(escapePlain(line.slice(last)));
  return parts.join("");
}

function escapePlain(text: string): string {
  const escaped = text.replace(MARKDOWN_SPECIALS, (c) => ENTITY[c] ?? `\\${c}`);
  // A line starting with `-`, `+`, `=` or `1.` could become a list or heading underline.
  return escaped.replace(/^([-+=])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}
