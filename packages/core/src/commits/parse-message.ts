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
  /** Version from a `Release-As: x.y.z` footer. */
  releaseAs?: string;
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

/** What a reader may leave out. */
export interface MessageOptions {
  /** Build the body text (default true); a plan never shows it, and most of a long message is body. */
  body?: boolean;
  /** The first line as the caller holds it (its own copy), read in place of the message's. */
  header?: string;
}

// `Release-As: 1.2.3` in any case: a cheap look for its middle before the line-anchored regex runs.
const mayReleaseAs = (m: string): boolean => m.includes("-as:") || m.includes("-As:") || m.includes("-AS:") || m.includes("-aS:");
const RELEASE_AS = /^release-as:\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/im;

/** Reads a message whose line endings are already LF and whose leading blank lines are gone. */
export function parseMessage(message: string, grammar: HeaderGrammar, options: MessageOptions = {}): ParsedMessage {
  const newline = message.indexOf("\n");
  const header = options.header ?? (newline === -1 ? message : message.slice(0, newline));
  const result: ParsedMessage = { bang: false, notes: [], references: [] };
  const m = grammar.header.exec(header);
  if (m && m[1] !== undefined && m[1] !== "" && m[4] !== undefined) {
    result.type = m[1];
    if (m[2] !== undefined && m[2].trim() !== "") result.scope = m[2].trim();
    result.bang = grammar.bang && m[3] === "!";
    result.description = m[4].trim();
  }
  if (mayReleaseAs(message)) {
    const releaseAs = RELEASE_AS.exec(message);
    if (releaseAs?.[1]) result.releaseAs = releaseAs[1];
  }
  const seen = new Set<string>();
  referencesIn(header, false, result.references, seen);
  if (newline !== -1) {
    if (options.body === false && !message.includes("BREAKING")) referencesOfBody(message, newline, result.references, seen);
    else readBody(message.split("\n"), message.includes("BREAKING"), result, seen);
  }
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

/**
 * With no notes to read and no body to build, only the lines holding a `#` matter (each line's
 * references are read alone, a footer token's own way): the rest of a long message is never cut into lines.
 */
function referencesOfBody(message: string, newline: number, out: MessageReference[], seen: Set<string>): void {
  for (let hash = message.indexOf("#", newline); hash !== -1; ) {
    const start = message.lastIndexOf("\n", hash) + 1;
    const end = message.indexOf("\n", hash);
    const line = end === -1 ? message.slice(start) : message.slice(start, end);
    referencesIn(line, FOOTER_TOKEN.test(line), out, seen);
    if (end === -1) break;
    hash = message.indexOf("#", end);
  }
}

function readBody(lines: string[], mayHaveNotes: boolean, result: ParsedMessage, seen: Set<string>): void {
  // The body runs until the first footer token after a blank line, or the first note; a note runs
  // until the next note or footer token, blank lines included (the spec: a footer's value may hold
  // newlines and ends at the next token). References count wherever they stand, notes included.
  const body: string[] = [];
  let note: string[] | undefined;
  let inFooter = false;
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
}
