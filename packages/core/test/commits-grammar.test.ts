// The commit grammar case by case, written from the Conventional Commits 1.0 spec and the grammar of
// conventional-commits-parser 7 (docs/commits.md names the rule each case follows).
import { describe, expect, it } from "vitest";
import { parseCommit, type ConventionalCommit } from "../src/index.ts";

function parse(message: string): ConventionalCommit {
  return parseCommit({ hash: "a".repeat(40), parents: ["p"], authorName: "", authorEmail: "", authorDate: "", committerDate: "", message });
}

describe("breaking changes", () => {
  it("a body that only mentions the words BREAKING CHANGE, with no colon, is no breaking change", () => {
    const c = parse("fix: keep the cache\n\nBREAKING CHANGE was discussed but this commit contains none.");
    expect(c.breaking).toBe(false);
    expect(c.breakingNotes).toEqual([]);
    expect(parse("fix: a\n\nBREAKING CHANGE the old flag is gone").breaking).toBe(false);
  });

  it("BREAKING CHANGE: and BREAKING-CHANGE: are footer tokens, with or without a space after the colon, and a `* ` bullet", () => {
    expect(parse("fix: a\n\nBREAKING CHANGE: flag gone").breakingNotes).toEqual(["flag gone"]);
    expect(parse("fix: a\n\nBREAKING-CHANGE:flag gone").breakingNotes).toEqual(["flag gone"]);
    expect(parse("feat: a\n\n* BREAKING CHANGE: from a squashed list").breakingNotes).toEqual(["from a squashed list"]);
  });

  it("lower-case `breaking change:` is prose, as the spec demands upper case", () => {
    expect(parse("fix: a\n\nbreaking change: none, really").breaking).toBe(false);
    expect(parse("fix: a\n\nBreaking-Change: none").breaking).toBe(false);
  });

  it("an indented BREAKING CHANGE: line is not a footer (git trailers start at the line's start)", () => {
    expect(parse("fix: a\n\n  BREAKING CHANGE: quoted from an old release").breaking).toBe(false);
    expect(parse("fix: a\n\n\tBREAKING CHANGE: tab").breaking).toBe(false);
  });

  it("a note runs across blank lines until the next footer token", () => {
    const c = parse("feat: a\n\nBREAKING CHANGE: first paragraph\n\nsecond paragraph\n\nReviewed-by: Z\nRefs #133");
    expect(c.breakingNotes).toEqual(["first paragraph\n\nsecond paragraph"]);
    expect(c.references).toContainEqual({ issue: "133" });
    const closed = parse("feat: a\n\nBREAKING CHANGE: x\n\nCloses #5");
    expect(closed.breakingNotes).toEqual(["x"]);
    expect(closed.references).toEqual([{ issue: "5", action: "closes" }]);
  });

  it("two notes are two notes; a note with its text on the next line takes that text", () => {
    expect(parse("fix: a\n\nBREAKING CHANGE: one\nBREAKING-CHANGE: two").breakingNotes).toEqual(["one", "two"]);
    expect(parse("fix: a\n\nBREAKING CHANGE:\nnext line text").breakingNotes).toEqual(["next line text"]);
  });
});

describe("references", () => {
  it("references inside a breaking-change note are collected, with their action", () => {
    const c = parse("fix: a\n\nBREAKING CHANGE: it breaks\n\nThis fixes #1476.");
    expect(c.references).toEqual([{ issue: "1476", action: "fixes" }]);
    expect(parse("fix: a\n\nBREAKING CHANGE: removes the flag (closes #12)").references).toEqual([{ issue: "12", action: "closes" }]);
  });

  it("an action applies to every reference up to the next action", () => {
    expect(parse("fix: a\n\nCloses #1, #123").references).toEqual([
      { issue: "1", action: "closes" },
      { issue: "123", action: "closes" },
    ]);
    expect(parse("fix: a\n\nCloses #1, #123 and #7").references.map((r) => r.action)).toEqual(["closes", "closes", "closes"]);
    expect(parse("fix: a\n\nsee #3, fixes #4 and resolves #5").references).toEqual([
      { issue: "3" },
      { issue: "4", action: "fixes" },
      { issue: "5", action: "resolves" },
    ]);
    expect(parse("fix: a\n\nCloses #1,#2").references.map((r) => r.action)).toEqual(["closes", "closes"]);
  });

  it("a footer token may carry the colon: `Fixes: #9`", () => {
    expect(parse("fix: a\n\nFixes: #9").references).toEqual([{ issue: "9", action: "fixes" }]);
  });

  it("owner/repo#77 and GitLab's group/subgroup/project#5 name their repository", () => {
    expect(parse("fix: a\n\nsee owner/repo#77").references).toEqual([{ issue: "77", repository: "owner/repo" }]);
    expect(parse("fix: a\n\nresolves owner/repo#77, #78").references).toEqual([
      { issue: "77", repository: "owner/repo", action: "resolves" },
      { issue: "78", action: "resolves" },
    ]);
    expect(parse("fix: a\n\nCloses group/sub.group/my-project#5").references).toEqual([{ issue: "5", repository: "group/sub.group/my-project", action: "closes" }]);
  });

  it("is not fooled by words: prefix #1 has no fix action, word#5 and #general are no references", () => {
    expect(parse("fix: a\n\nprefix #1").references).toEqual([{ issue: "1" }]);
    expect(parse("fix: a\n\nPR#5 and #general and C#").references).toEqual([]);
  });

  it("skips a line with a web address, as quoted release notes would reference old issues again", () => {
    expect(parse("fix: a\n\n* [#12](https://example.invalid/issues/12) old\n#13 new").references).toEqual([{ issue: "13" }]);
  });

  it("references in the header count", () => {
    expect(parse("fix: keep the cache (#42)").references).toEqual([{ issue: "42" }]);
  });
});
