// A single-pass reader of commit messages. It replaces conventional-commits-parser on the hot path:
// measured on 25,000 real messages the library parsed ~5,000 messages/s, far slower than `git log`
// delivers them, so it was the bottleneck of a whole-history plan. It follows the grammar of
// conventional-commits-parser 7 (notes, footer tokens, reference actions and repositories); a
// differential test compares the two on every message of the replayed histories, and
// docs/commits.md lists the few places where relm chooses otherwise and why.

import { referencesIn, type MessageReference } from "./references-in.ts";

export interface ParsedMessage {
  type?: string;
  scope?: string;
  description?: string;
  /** `!` before the colon. */
  bang: boolean;
  body?: string;
  /** Texts of BREAKING CHANGE / BREAKING-CHANGE notes. */
  notes: string[];
  references: MessageReference[];
  revert?: { hash?: string; header?: string };
}

export interface HeaderGrammar {
  /** Groups: 1 type, 2 scope, 3 the `!` (empty when the grammar has none), 4 description. */
  header: RegExp;
  /** Whether `type!:` marks a breaking change. */
  bang: boolean;
}

// A note is a footer token at the start of a line (a `* ` bullet allowed, as the parser allows it,
// for squash-merge bodies), followed by a colon. Upper case only, as the Conventional Commits spec
// demands of BREAKING CHANGE: "breaking change: none" in prose is no major release. Indented lines
// are not footers (git trailers start at column 0).
const NOTE = /^(?:\*\s+)?(BREAKING CHANGE|BREAKING-CHANGE):\s*(.*)/;
// A footer token as the parser reads it: `Token: value` or `Token #value`.
const FOOTER_TOKEN = /^(?:BREAKING CHANGE|[\w-]+)(?::\s+|\s+#)./i;
const REVERT = /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w+)\.?/i;

function trimBlankLines(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

/** Reads a message whose line endings are already LF and whose leading blank lines are gone. */
export function parseMessage(message: string, grammar: HeaderGrammar): ParsedMessage {
  const lines = message.split("\n");
  const header = lines[0] ?? "";
  const result: ParsedMessage = { bang: false, notes: [], references: [] };
  const m = grammar.header.exec(header);
  if (m && m[1] !== undefined && m[1] !== "" && m[4] !== undefined) {
    result.type = m[1];
    if (m[2] !== undefined && m[2].trim() !== "") result.scope = m[2].trim();
    result.bang = grammar.bang && m[3] === "!";
    result.description = m[4].trim();
  }
  const seen = new Set<string>();
  referencesIn(header, false, result.references, seen);

  // The body runs until the first footer token after a blank line, or the first note; a note runs
  // until the next note or footer token, blank lines included (the spec: a footer's value may hold
  // newlines and ends at the next token). References count wherever they stand, notes included.
  const body: string[] = [];
  let note: string[] | undefined;
  let inFooter = false;
  const mayHaveNotes = message.includes("BREAKING");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const noteStart = mayHaveNotes ? NOTE.exec(line) : null;
    if (noteStart) {
      if (note) result.notes.push(trimBlankLines(note));
      note = [noteStart[2] ?? ""];
      inFooter = true;
      referencesIn(noteStart[2] ?? "", false, result.references, seen);
      continue;
    }
    const isToken = FOOTER_TOKEN.test(line);
    referencesIn(line, isToken, result.references, seen);
    if (isToken && (inFooter || (lines[i - 1] ?? "").trim() === "")) {
      if (note) result.notes.push(trimBlankLines(note));
      note = undefined;
      inFooter = true;
      continue;
    }
    if (note) note.push(line);
    else if (!inFooter) body.push(line);
  }
  if (note) result.notes.push(trimBlankLines(note));
  const bodyText = trimBlankLines(body);
  if (bodyText !== "") result.body = bodyText;

  if (/^revert/i.test(header)) {
    const r = REVERT.exec(message);
    if (r) {
      result.revert = {};
      if (r[2]) result.revert.hash = r[2];
      if (r[1]) result.revert.header = r[1];
    }
  }
  return result;
}
