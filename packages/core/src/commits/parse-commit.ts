import type { RawCommit } from "../ports/git.ts";
import type { ConventionalCommit } from "./conventional-commit.ts";
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

// A footer token per the spec: `Release-As: 1.2.3` (case-insensitive, as release-please reads it).
const RELEASE_AS = /^release-as:\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/im;

/**
 * Classifies one commit. Never throws: an empty or free-form message is a commit with
 * `conventional: false`, which the planner counts and reports.
 */
export function parseCommit(raw: RawCommit, preset: CommitPreset = "conventionalcommits"): ConventionalCommit {
  const grammar = grammars[preset];
  // CRLF from Windows editors and a leading blank line must not hide the header.
  const message = raw.message.includes("\r") ? raw.message.replace(/\r\n?/g, "\n") : raw.message;
  const trimmed = message.replace(/^\s+/, "").trimEnd();
  const newline = trimmed.indexOf("\n");
  const subject = (newline === -1 ? trimmed : trimmed.slice(0, newline)).trimEnd();
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

  if (/release-as:/i.test(trimmed)) {
    const releaseAs = RELEASE_AS.exec(trimmed);
    if (releaseAs?.[1]) commit.releaseAs = releaseAs[1];
  }

  const parsed = parseMessage(trimmed, grammar);
  commit.references = parsed.references;
  if (parsed.body !== undefined) commit.body = parsed.body;
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
