// relm reads commit messages with its own single-pass parser (conventional-commits-parser was the
// bottleneck of whole-history plans). This differential test compares the two on every real
// message of the replayed histories: types, scopes, breaking changes and reverts always agree;
// references (action, repository, issue) and note texts too. The rules where relm chooses otherwise
// (docs/commits.md) do not occur in these histories; commits.test.ts pins them.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { CommitParser } from "conventional-commits-parser";
import { describe, expect, it } from "vitest";
import { parseCommit, type ConventionalCommit } from "../src/index.ts";
import { keptCommit } from "../src/commits/kept-commit.ts";
import { historyFile, type HistoryName } from "../../../test/support/replay.ts";

const library = new CommitParser({
  headerPattern: /^(\w*)(?:\((.*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/,
  headerCorrespondence: ["type", "scope", "subject"],
  noteKeywords: ["BREAKING CHANGE", "BREAKING-CHANGE"],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w+)\.?/i,
  revertCorrespondence: ["header", "hash"],
  issuePrefixes: ["#"],
});

function messages(name: HistoryName): string[] {
  const out: string[] = [];
  for (const line of gunzipSync(readFileSync(historyFile(name))).toString("utf8").split("\n")) {
    if (!line.includes('"m":')) continue;
    const m = (JSON.parse(line) as { m?: string }).m;
    if (m !== undefined && m.trim() !== "") out.push(m);
  }
  return out;
}

function ours(message: string): ConventionalCommit {
  return parseCommit({ hash: "0".repeat(40), parents: [], authorName: "", authorEmail: "", authorDate: "", committerDate: "", message });
}

const sorted = (refs: Iterable<string>): string => [...new Set(refs)].sort().join(" ");

/** The library's references in relm's terms: numbers only, a repository only with its owner. */
function theirReferences(refs: ReturnType<CommitParser["parse"]>["references"]): string {
  return sorted(
    refs
      .filter((r) => /^\d+$/.test(r.issue) && (r.repository === null || r.owner !== null))
      .map((r) => `${r.action?.toLowerCase() ?? ""}|${r.owner !== null ? `${r.owner}/${r.repository ?? ""}` : ""}#${r.issue}`),
  );
}

describe("parseCommit agrees with conventional-commits-parser 7", () => {
  for (const name of ["semantic-release", "release-please", "conventional-changelog"] as const) {
    it(`on every message of ${name}: type, scope, breaking, revert; references with actions and repositories, and note texts`, () => {
      const all = messages(name);
      expect(all.length).toBeGreaterThan(1000);
      let breaking = 0;
      for (const message of all) {
        const mine = ours(message);
        const theirs = library.parse(message.replace(/\r\n?/g, "\n").replace(/^\s+/, ""));
        const type = theirs.type && theirs.subject?.trim() ? theirs.type.toLowerCase() : undefined;
        expect({ message, type: mine.type }).toEqual({ message, type });
        if (mine.conventional) expect({ message, scope: mine.scope }).toEqual({ message, scope: theirs.scope?.trim() || undefined });
        // The parser accepts `breaking change:` in lower case; the spec and relm do not.
        const theirBreaking = theirs.notes.some((n) => /^BREAKING[ -]CHANGE$/.test(n.title));
        expect({ message, breaking: mine.breaking }).toEqual({ message, breaking: theirBreaking });
        expect({ message, revert: mine.revert?.hash }).toEqual({ message, revert: theirs.revert?.["hash"] ?? undefined });
        if (mine.breaking) breaking++;
        const mineRefs = sorted(mine.references.map((r) => `${r.action ?? ""}|${r.repository ?? ""}#${r.issue}`));
        expect({ message, references: mineRefs }).toEqual({ message, references: theirReferences(theirs.references) });
        const theirNotes = theirs.notes.filter((n) => /^BREAKING[ -]CHANGE$/.test(n.title) && n.text.trim() !== "").map((n) => n.text.trim());
        expect({ message, notes: theirNotes.filter((t) => !mine.breakingNotes.includes(t)) }).toEqual({ message, notes: [] });
      }
      expect(breaking).toBeGreaterThan(0);
    });
  }
});

describe("the plan's kept parse (no body, copied strings) reads what the full parse reads", () => {
  const raw = (message: string) => ({ hash: "0".repeat(40), parents: [], authorName: "", authorEmail: "", authorDate: "", committerDate: "", message });
  for (const name of ["semantic-release", "release-please", "conventional-changelog"] as const) {
    it(`on every message of ${name}, and with CRLF, leading blank lines and Release-As footers`, () => {
      const all = messages(name);
      const odd = all.slice(0, 200).flatMap((m) => [m.replace(/\n/g, "\r\n"), `\n\n  ${m}`, `${m}\n\nRelease-As: 9.8.7`, `${m}\n\nrelease-as: v1.2.3-rc.1\nCloses #4`]);
      for (const message of [...all, ...odd]) {
        const { body: _body, ...full } = parseCommit(raw(message));
        const kept = keptCommit(parseCommit(raw(message), "conventionalcommits", { kept: true }));
        expect({ message, kept }).toEqual({ message, kept: full });
        expect(kept.body).toBeUndefined();
      }
    });
  }
});
