import type { RawCommit } from "../ports/git.ts";
import type { ConventionalCommit } from "./conventional-commit.ts";
import { ownText } from "./kept-commit.ts";
import { parseMessage, type HeaderGrammar } from "./parse-message.ts";

/**
 * Which grammar reads the header. conventionalcommits: the Conventional Commits 1.0 spec (`!` before
 * the colon is breaking). angular: the older angular preset that semantic-release and lerna used
 * by default, where `!` is not part of the grammar (`chore!: x` is not conventional at all).
 */
export type CommitPreset = "conventionalcommits" | "angular";

// The header patterns of the conventional-changelog presets of the same names.
const grammars: Record<CommitPreset, HeaderGrammar & { looksConventional: RegExp }> = {
  conventionalcommits: { header: /^(\w*)(?:\((.*)\))?(!?): (.*)$/, bang: true, looksConventional: /^\w+(?:\(.*\))?!?: ./ },
  angular: { header: /^(\w*)(?:\((.*)\))?(): (.*)$/, bang: false, looksConventional: /^\w+(?:\(.*\))?: ./ },
};

export interface ParseOptions {
  /**
   * The commit is kept for the rest of a long run (a plan): no body (read for its footers, never
   * shown), and nothing it holds keeps its message alive. V8 keeps a string cut from a larger one
   * pointing into it: every subject held its commit's whole message otherwise, ~200 MB over 27k
   * commits with bot bodies. So the header line is copied once, and what is cut from it holds only it.
   */
  kept?: boolean;
}

/**
 * Classifies one commit. Never throws: an empty or free-form message is a commit with
 * `conventional: false`, which the planner counts and reports.
 */
export function parseCommit(raw: RawCommit, preset: CommitPreset = "conventionalcommits", options: ParseOptions = {}): ConventionalCommit {
  const grammar = grammars[preset];
  // CRLF from Windows editors and a leading blank line must not hide the header.
  const message = raw.message.includes("\r") ? raw.message.replace(/\r\n?/g, "\n") : raw.message;
  const trimmed = message.replace(/^\s+/, "").trimEnd();
  const newline = trimmed.indexOf("\n");
  const firstLine = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trimEnd();
  const subject = options.kept === true ? ownText(firstLine) : firstLine;
  const commit: ConventionalCommit = {
    hash: raw.hash,
    shortHash: raw.hash.slice(0, 7),
    subject,
    conventional: false,
    description: subject,
    breaking: false,
    breakingNotes: [],
    references: [],
    merge: raw.parents.length > 1,
    authorName: raw.authorName,
    authorEmail: raw.authorEmail,
    authorDate: raw.authorDate,
  };
  if (raw.files) commit.files = raw.files;
  if (trimmed === "") return commit;

  // Kept: the header is read from its copy, so type, scope and description are cut from that alone.
  const parsed = parseMessage(trimmed, grammar, options.kept === true ? { body: false, header: subject } : {});
  commit.references = parsed.references;
  if (parsed.releaseAs !== undefined) commit.releaseAs = parsed.releaseAs;
  if (parsed.body !== undefined && options.kept !== true) commit.body = parsed.body;
  if (parsed.revert) commit.revert = parsed.revert;
  // A BREAKING CHANGE note counts even under a header the grammar rejects (`refactor!:` under the
  // angular preset): conventional-changelog's bump rules read notes whatever the header.
  for (const note of parsed.notes) commit.breakingNotes.push(note.trim() === "" ? (parsed.description ?? subject) : note.trim());
  if (parsed.type === undefined || parsed.description === undefined || parsed.description === "") {
    commit.breaking = commit.breakingNotes.length > 0;
    return commit;
  }
  commit.conventional = true;
  commit.type = parsed.type.toLowerCase();
  if (parsed.scope !== undefined) commit.scope = parsed.scope;
  commit.description = parsed.description;
  if (commit.breakingNotes.length === 0 && parsed.bang) commit.breakingNotes.push(parsed.description);
  commit.breaking = commit.breakingNotes.length > 0;
  return commit;
}

/** Exposed for the differential test against conventional-commits-parser. */
export const headerGrammars: Readonly<Record<CommitPreset, HeaderGrammar>> = grammars;
