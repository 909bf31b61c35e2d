// relm reads commit messages with its own single-pass parser (conventional-commits-parser was the
// bottleneck of whole-history plans). This differential test keeps the two in agreement on every
// real message of the histories in test/fixtures/histories.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { CommitParser } from "conventional-commits-parser";
import { describe, expect, it } from "vitest";
import { parseCommit } from "../src/index.ts";
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

describe("parseCommit agrees with conventional-commits-parser", () => {
  for (const name of ["semantic-release", "release-please", "conventional-changelog"] as const) {
    it(`on every message of ${name}: type, scope, breaking, revert; issue references on 97%+`, () => {
      const all = messages(name);
      expect(all.length).toBeGreaterThan(1000);
      let refsAgree = 0;
      for (const message of all) {
        const ours = parseCommit({ hash: "0".repeat(40), parents: [], authorName: "", authorEmail: "", authorDate: "", committerDate: "", message });
        const theirs = library.parse(message.replace(/\r\n?/g, "\n").replace(/^\s+/, ""));
        const type = theirs.type && theirs.subject?.trim() ? theirs.type.toLowerCase() : undefined;
        expect({ message, type: ours.type }).toEqual({ message, type });
        if (ours.conventional) expect({ message, scope: ours.scope }).toEqual({ message, scope: theirs.scope?.trim() || undefined });
        expect({ message, breaking: ours.breaking }).toEqual({ message, breaking: theirs.notes.length > 0 });
        expect({ message, revert: ours.revert?.hash }).toEqual({ message, revert: theirs.revert?.["hash"] ?? undefined });
        const a = new Set(ours.references.map((r) => r.issue));
        const b = new Set(theirs.references.map((r) => r.issue).filter((i) => /^\d+$/.test(i)));
        if ([...a].sort().join() === [...b].sort().join()) refsAgree++;
      }
      expect(refsAgree / all.length).toBeGreaterThan(0.97);
    });
  }
});
