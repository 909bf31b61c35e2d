// Commit messages are written by anyone who can open a pull request. In notes they must stay text:
// no HTML, no links or images of their own, no headings or quotes, and no @mention pings (which
// notify people and teams from every release). Mentions are wrapped in a code span: still readable
// and copyable, never a ping (GitHub and GitLab do not resolve mentions inside code). Invisible
// and bidi control characters are shown as their code point in a code span (`U+202E`).
import { codePointName, INVISIBLE } from "./shown-invisibles.ts";

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()<>#!|~&]/g;
const MENTION = /(^|[^\w`@.\-/])@([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:\/[A-Za-z0-9_.-]+)?)/g;
const ENTITY: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/** One line of untrusted text as inert Markdown (whitespace, newlines included, collapse to single spaces). */
// Text with none of these needs no work (most commit descriptions): checked first, it is cheap.
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\\`*_{}[\]()<>#!|~&@\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]|^[-+=\d\s]|\s$|\s\s|[^\S ]/;

export function escapeMarkdown(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  // Invisible and bidi characters are split out first (`\s` would take U+2028 and U+FEFF for
  // blanks): each becomes a code span of its own, so an override cannot reorder the rest.
  const parts = text.split(new RegExp(`(${INVISIBLE.source})`));
  const last = parts.length - 1;
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `\`${codePointName(part)}\``;
      // Control characters (terminal escapes included) become spaces; then whitespace runs collapse.
      // eslint-disable-next-line no-control-regex
      let plain = part.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ");
      if (i === 0) plain = plain.trimStart();
      if (i === last) plain = plain.trimEnd();
      return escapeVisible(plain);
    })
    .join("");
}

function escapeVisible(line: string): string {
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
