import { CommitParser, type Commit, type ParserOptions } from "conventional-commits-parser";
import type { RawCommit } from "../ports/git.ts";
import type { ConventionalCommit, IssueReference } from "./conventional-commit.ts";

/**
 * Which grammar reads the header. conventionalcommits: the Conventional Commits 1.0 spec (`!` before
 * the colon is breaking). angular: the older angular preset that semantic-release and lerna used
 * by default, where `!` is not part of the grammar (`chore!: x` is not conventional at all).
 */
export type CommitPreset = "conventionalcommits" | "angular";

const shared: ParserOptions = {
  headerCorrespondence: ["type", "scope", "subject"],
  noteKeywords: ["BREAKING CHANGE", "BREAKING-CHANGE"],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w+)\.?/i,
  revertCorrespondence: ["header", "hash"],
  issuePrefixes: ["#"],
};

// One parser per preset: construction compiles the regexes, parse() resets its own state.
const parsers: Record<CommitPreset, { parser: CommitParser; looksConventional: RegExp; bang: boolean }> = {
  conventionalcommits: {
    parser: new CommitParser({ ...shared, headerPattern: /^(\w*)(?:\((.*)\))?!?: (.*)$/, breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/ }),
    looksConventional: /^\w+(?:\(.*\))?!?: ./,
    bang: true,
  },
  angular: {
    parser: new CommitParser({ ...shared, headerPattern: /^(\w*)(?:\((.*)\))?: (.*)$/ }),
    looksConventional: /^\w+(?:\(.*\))?: ./,
    bang: false,
  },
};

// A footer token per the spec: `Release-As: 1.2.3` (case-insensitive, as release-please reads it).
const RELEASE_AS = /^release-as:\s*v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/im;

function text(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

function referencesOf(parsed: Commit): IssueReference[] {
  const out: IssueReference[] = [];
  for (const r of parsed.references) {
    if (!/^\d+$/.test(r.issue)) continue;
    const ref: IssueReference = { issue: r.issue };
    const repo = r.owner ? `${r.owner}/${r.repository ?? ""}` : r.repository;
    if (repo) ref.repository = repo;
    if (r.action) ref.action = r.action.toLowerCase();
    out.push(ref);
  }
  return out;
}

/**
 * Classifies one commit. Never throws: an empty or free-form message is a commit with
 * `conventional: false`, which the planner counts and reports.
 */
export function parseCommit(raw: RawCommit, preset: CommitPreset = "conventionalcommits"): ConventionalCommit {
  const grammar = parsers[preset];
  // CRLF from Windows editors and a leading blank line must not hide the header.
  const message = raw.message.includes("\r") ? raw.message.replace(/\r\n?/g, "\n") : raw.message;
  const trimmed = message.replace(/^\s+/, "");
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

  const releaseAs = RELEASE_AS.exec(trimmed);
  if (releaseAs?.[1]) commit.releaseAs = releaseAs[1];

  const isRevert = /^revert/i.test(subject);
  // The library is only asked when the header can be conventional at all (cheap, and most of the cost).
  // A BREAKING CHANGE footer counts even under a header the grammar rejects (`refactor!:` under the
  // angular preset): conventional-changelog's bump rules read notes whatever the header.
  if (!grammar.looksConventional.test(subject) && !isRevert && !trimmed.includes("BREAKING")) {
    // Free-form messages still carry issue references worth linking; a cheap scan is enough.
    for (const m of subject.matchAll(/(?:^|[\s(])#(\d+)\b/g)) if (m[1]) commit.references.push({ issue: m[1] });
    return commit;
  }

  const parsed = grammar.parser.parse(trimmed);
  commit.references = referencesOf(parsed);
  const body = text(parsed.body);
  if (body !== undefined) commit.body = body;
  if (parsed.revert) {
    const hash = text(parsed.revert["hash"]);
    const header = text(parsed.revert["header"]);
    commit.revert = { ...(hash ? { hash } : {}), ...(header ? { header } : {}) };
  }
  const type = text(parsed["type"]);
  const description = text(parsed["subject"]?.trim());
  if (type === undefined || description === undefined) {
    for (const note of parsed.notes) commit.breakingNotes.push(note.text.trim() === "" ? subject : note.text.trim());
    commit.breaking = commit.breakingNotes.length > 0;
    return commit;
  }

  commit.conventional = true;
  commit.type = type.toLowerCase();
  const scope = text(parsed["scope"]?.trim());
  if (scope !== undefined) commit.scope = scope;
  commit.description = description;
  for (const note of parsed.notes) {
    commit.breaking = true;
    commit.breakingNotes.push(note.text.trim() === "" ? description : note.text.trim());
  }
  if (!commit.breaking && grammar.bang && /^\w+(?:\(.*\))?!: /.test(subject)) {
    commit.breaking = true;
    commit.breakingNotes.push(description);
  }
  return commit;
}
