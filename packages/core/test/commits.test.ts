import { describe, expect, it } from "vitest";
import { cancelReverts, parseCommit, type RawCommit } from "../src/index.ts";

let n = 0;
function raw(message: string, extra: Partial<RawCommit> = {}): RawCommit {
  n++;
  return {
    hash: `${n.toString(16).padStart(7, "0")}${"b".repeat(33)}`,
    parents: ["p"],
    authorName: "Grace Hopper",
    authorEmail: "grace@example.invalid",
    authorDate: "2026-01-02T03:04:05Z",
    committerDate: "2026-01-02T03:04:05Z",
    message,
    ...extra,
  };
}

describe("parseCommit", () => {
  it("reads type, scope and description", () => {
    const c = parseCommit(raw("feat(parser): add arrays\n"));
    expect(c).toMatchObject({ conventional: true, type: "feat", scope: "parser", description: "add arrays", breaking: false });
  });

  it("marks `!` with a scope as breaking and keeps the description as the note", () => {
    const c = parseCommit(raw("refactor(api)!: drop v1 endpoints"));
    expect(c).toMatchObject({ type: "refactor", scope: "api", breaking: true, breakingNotes: ["drop v1 endpoints"] });
  });

  it("reads BREAKING CHANGE and BREAKING-CHANGE footers after a multi-paragraph body", () => {
    const message = "fix: tighten input checks\n\nFirst paragraph of the body.\n\nSecond paragraph,\nstill body.\n\nBREAKING-CHANGE: inputs over 1 MB are refused\nRefs #42\n";
    const c = parseCommit(raw(message));
    expect(c.breaking).toBe(true);
    expect(c.breakingNotes).toEqual(["inputs over 1 MB are refused"]);
    expect(c.body).toContain("Second paragraph");
    expect(c.body).toContain("First paragraph");
    expect(c.references.map((r) => r.issue)).toContain("42");
    const spaced = parseCommit(raw("feat: x\n\nBREAKING CHANGE: the old flag is gone"));
    expect(spaced.breakingNotes).toEqual(["the old flag is gone"]);
  });

  it("reads a Release-As footer", () => {
    expect(parseCommit(raw("chore: release 2.0.0\n\nRelease-As: 2.0.0")).releaseAs).toBe("2.0.0");
    expect(parseCommit(raw("chore: x\n\nrelease-as: v3.1.0-rc.1\n")).releaseAs).toBe("3.1.0-rc.1");
    expect(parseCommit(raw("chore: x\n\nRelease-As: soon")).releaseAs).toBeUndefined();
  });

  it("handles CRLF line endings like LF", () => {
    const c = parseCommit(raw("feat(ui)!: new layout\r\n\r\nBody line\r\n\r\nBREAKING CHANGE: old themes break\r\nCloses #7\r\n"));
    expect(c).toMatchObject({ type: "feat", scope: "ui", subject: "feat(ui)!: new layout", breaking: true });
    expect(c.breakingNotes[0]).toBe("old themes break");
    expect(c.references).toContainEqual({ issue: "7", action: "closes" });
    expect(c.subject.includes("\r")).toBe(false);
  });

  it("keeps unicode in scope and description", () => {
    const c = parseCommit(raw("fix(i18n): übersetze 日本語 ✓ 🎉"));
    expect(c).toMatchObject({ type: "fix", scope: "i18n", description: "übersetze 日本語 ✓ 🎉" });
  });

  it("parses a 10 KB message without trouble", () => {
    const body = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(45)}`).join("\n");
    const c = parseCommit(raw(`perf(core): faster\n\n${body}\n\nBREAKING CHANGE: big`));
    expect(body.length).toBeGreaterThan(10_000);
    expect(c).toMatchObject({ type: "perf", breaking: true, breakingNotes: ["big"] });
  });

  it("never throws on empty or free-form messages: they are not conventional", () => {
    for (const m of ["", "   \n\n", "Update README", "WIP", ": no type", "feat:no space", "feat(scope) missing colon"]) {
      const c = parseCommit(raw(m));
      expect(c.conventional, m).toBe(false);
      expect(c.type).toBeUndefined();
    }
    expect(parseCommit(raw("")).subject).toBe("");
  });

  it("accepts two spaces after the colon (release-please history has them)", () => {
    expect(parseCommit(raw("feat:  pass options"))).toMatchObject({ conventional: true, type: "feat", description: "pass options" });
  });

  it("recognises GitHub-style and conventional reverts", () => {
    const gh = parseCommit(raw('Revert "feat: shiny"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n'));
    expect(gh.revert).toEqual({ header: "feat: shiny", hash: "0123456789abcdef0123456789abcdef01234567" });
    const cc = parseCommit(raw("revert: feat: shiny\n\nThis reverts commit abcdef1.\n"));
    expect(cc.revert?.hash).toBe("abcdef1");
  });

  it("under the angular preset `!` is not breaking but a BREAKING CHANGE footer still is", () => {
    expect(parseCommit(raw("feat!: x"), "angular").conventional).toBe(false);
    expect(parseCommit(raw("feat!: x"), "angular").breaking).toBe(false);
    const footer = parseCommit(raw("refactor!: y\n\nBREAKING CHANGE: gone"), "angular");
    expect(footer).toMatchObject({ conventional: false, breaking: true, breakingNotes: ["gone"] });
  });

  it("marks merge commits", () => {
    expect(parseCommit(raw("Merge branch 'x'", { parents: ["a", "b"] })).merge).toBe(true);
  });
});

describe("cancelReverts", () => {
  it("drops a commit and its revert when both are in the range", () => {
    const feat = parseCommit(raw("feat: shiny"));
    const revert = parseCommit(raw(`Revert "feat: shiny"\n\nThis reverts commit ${feat.hash}.`));
    const fix = parseCommit(raw("fix: other"));
    const out = cancelReverts([revert, fix, feat]);
    expect(out.kept.map((c) => c.subject)).toEqual(["fix: other"]);
    expect(out.cancelled).toEqual([{ revert: revert.hash, reverted: feat.hash }]);
  });

  it("matches a short hash and falls back to the reverted header", () => {
    const feat = parseCommit(raw("feat: a"));
    const byShort = parseCommit(raw(`revert: feat: a\n\nThis reverts commit ${feat.hash.slice(0, 7)}.`));
    expect(cancelReverts([byShort, feat]).kept).toEqual([]);
    const other = parseCommit(raw("feat: b"));
    const byHeader = parseCommit(raw('Revert "feat: b"\n\nThis reverts commit 9999999.'));
    expect(cancelReverts([byHeader, other]).kept).toEqual([]);
  });

  it("keeps a revert of a commit outside the range, and a revert of a revert restores the original", () => {
    const outside = parseCommit(raw('Revert "feat: old"\n\nThis reverts commit 1234567890abcdef1234567890abcdef12345678.'));
    expect(cancelReverts([outside]).kept).toEqual([outside]);
    const feat = parseCommit(raw("feat: c"));
    const r1 = parseCommit(raw(`Revert "feat: c"\n\nThis reverts commit ${feat.hash}.`));
    const r2 = parseCommit(raw(`Revert "Revert "feat: c""\n\nThis reverts commit ${r1.hash}.`));
    expect(cancelReverts([r2, r1, feat]).kept).toEqual([feat]);
  });
});
