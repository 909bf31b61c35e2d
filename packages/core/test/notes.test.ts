import { describe, expect, it } from "vitest";
import { compareText } from "../src/notes/compare-text.ts";
import { escapeMarkdown, forgeStyleOf, planToJson, renderNotes, repositoryLinks, type PlannedCommit } from "../src/index.ts";

function pc(over: Partial<PlannedCommit>): PlannedCommit {
  return {
    hash: "abcdef1234567890abcdef1234567890abcdef12",
    shortHash: "abcdef1",
    subject: "feat: x",
    description: "x",
    type: "feat",
    breaking: false,
    breakingNotes: [],
    bump: "minor",
    author: "Ada",
    date: "2026-01-01T00:00:00Z",
    references: [],
    ...over,
  };
}

describe("escapeMarkdown", () => {
  it("neutralises HTML", () => {
    const out = escapeMarkdown('<img src=x onerror="alert(1)"> <script>x</script>');
    expect(out).not.toMatch(/<[a-z/]/i);
    expect(out).toContain("&lt;img");
  });

  it("neutralises links, images and emphasis", () => {
    const out = escapeMarkdown("see [click](https://evil.example) ![pic](https://evil.example/a.png) **bold** _it_");
    expect(out).not.toMatch(/(^|[^\\])\[/);
    expect(out).not.toMatch(/(^|[^\\])!/);
    expect(out).toContain("\\[click\\]\\(https://evil.example\\)");
    expect(out).toContain("\\*\\*bold\\*\\*");
  });

  it("wraps @mentions in a code span so nobody is pinged, but leaves e-mail addresses alone", () => {
    expect(escapeMarkdown("thanks @octocat and @org/team!")).toBe("thanks `@octocat` and `@org/team`\\!");
    expect(escapeMarkdown("mail ada@example.com")).toBe("mail ada@example.com");
  });

  it("turns control characters (terminal escapes) into spaces and leaves plain text as it is", () => {
    expect(escapeMarkdown("red\u001b[31m text\u0007")).toBe("red \\[31m text");
    expect(escapeMarkdown("plain words only")).toBe("plain words only");
  });

  it("escapes backticks so text cannot open a code span of its own", () => {
    expect(escapeMarkdown("use `rm -rf` now")).toBe("use \\`rm -rf\\` now");
  });

  it("keeps a line from turning into a heading, quote or list, and collapses newlines", () => {
    expect(escapeMarkdown("# title")).toBe("\\# title");
    expect(escapeMarkdown("> quote")).toBe("&gt; quote");
    expect(escapeMarkdown("- item")).toBe("\\- item");
    expect(escapeMarkdown("1. first")).toBe("1\\. first");
    expect(escapeMarkdown("a\n\n## b\r\nc")).toBe("a \\#\\# b c");
  });
});

describe("repository links", () => {
  it("use GitHub URL style", () => {
    const l = repositoryLinks("https://github.com/acme/app");
    expect(l?.commit("abc")).toBe("https://github.com/acme/app/commit/abc");
    expect(l?.compare("v1.0.0", "v1.1.0")).toBe("https://github.com/acme/app/compare/v1.0.0...v1.1.0");
    expect(l?.issue("12")).toBe("https://github.com/acme/app/issues/12");
    expect(l?.issue("3", "other/repo")).toBe("https://github.com/other/repo/issues/3");
  });

  it("use GitLab URL style with /-/ (detected from the host, subgroups kept)", () => {
    expect(forgeStyleOf("https://gitlab.example.com/g/sub/app")).toBe("gitlab");
    const l = repositoryLinks("https://gitlab.example.com/g/sub/app");
    expect(l?.commit("abc")).toBe("https://gitlab.example.com/g/sub/app/-/commit/abc");
    expect(l?.compare("a", "b")).toBe("https://gitlab.example.com/g/sub/app/-/compare/a...b");
    expect(l?.issue("9")).toBe("https://gitlab.example.com/g/sub/app/-/issues/9");
    expect(repositoryLinks("https://code.example.com/g/app", "gitlab")?.commit("c")).toBe("https://code.example.com/g/app/-/commit/c");
  });

  it("refuse what is not an http(s) URL", () => {
    expect(repositoryLinks("javascript:alert(1)")).toBeUndefined();
  });
});

describe("renderNotes", () => {
  const commits = [
    pc({ subject: "fix(core): stop crash", description: "stop crash", type: "fix", scope: "core", bump: "patch", references: [{ issue: "12" }] }),
    pc({ subject: "feat(api)!: new auth", description: "new auth", scope: "api", breaking: true, breakingNotes: ["tokens from v1 are refused"], bump: "major" }),
    pc({ subject: "docs: readme", description: "readme", type: "docs", bump: "none" }),
    pc({ subject: "feat: <b>bold</b> @someone", description: "<b>bold</b> @someone", author: "Mallory [x](http://e)" }),
  ];
  const links = repositoryLinks("https://github.com/acme/app");

  it("puts breaking changes first, then sections in order, hiding hidden types", () => {
    const md = renderNotes({ version: "2.0.0", tag: "v2.0.0", previousTag: "v1.4.0", date: "2026-02-03", commits, ...(links ? { links } : {}) });
    expect(md.startsWith("## [2.0.0](https://github.com/acme/app/compare/v1.4.0...v2.0.0) (2026-02-03)\n")).toBe(true);
    const order = ["### ⚠ BREAKING CHANGES", "### Features", "### Bug Fixes"].map((h) => md.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).not.toContain("readme");
    expect(md).toContain("* **api:** tokens from v1 are refused");
    expect(md).toContain("* **core:** stop crash ([#12](https://github.com/acme/app/issues/12)) ([abcdef1](https://github.com/acme/app/commit/abcdef1234567890abcdef1234567890abcdef12)) by Ada");
  });

  it("heads notes without a date with the version alone, never an empty ()", () => {
    expect(renderNotes({ version: "2.1.0", tag: "v2.1.0", date: "", commits: [] })).toBe("## 2.1.0\n");
    expect(renderNotes({ version: "2.1.0", tag: "v2.1.0", date: "2026-02-03", commits: [] })).toBe("## 2.1.0 (2026-02-03)\n");
  });

  it("escapes commit text and author names", () => {
    const md = renderNotes({ version: "2.0.0", tag: "v2.0.0", date: "2026-02-03", commits });
    expect(md).toContain("&lt;b&gt;bold&lt;/b&gt; `@someone`");
    expect(md).toContain("by Mallory \\[x\\]\\(http://e\\)");
    expect(md).not.toContain("<b>");
  });

  it("follows configured sections: order, titles, shown and hidden types", () => {
    const md = renderNotes({
      version: "1.0.1",
      tag: "v1.0.1",
      date: "2026-02-03",
      commits,
      sections: [
        { type: "docs", section: "Docs", hidden: false },
        { type: "fix", section: "Fixes", hidden: false },
        { type: "feat", hidden: true },
      ],
      authors: false,
    });
    expect(md.indexOf("### Docs")).toBeLessThan(md.indexOf("### Fixes"));
    expect(md).not.toContain("### Features");
    expect(md).not.toContain(" by ");
    expect(md).toContain("(abcdef1)");
  });
});

describe("compareText", () => {
  const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

  it("orders printable ASCII as an English localeCompare does", () => {
    const words = printable.flatMap((c) => [c, `${c}a`, `a${c}`, `A${c}1`, `core${c}x`]);
    const disagreements: string[][] = [];
    for (const a of words) for (const b of words) if (Math.sign(compareText(a, b)) !== Math.sign(a.localeCompare(b, "en"))) disagreements.push([a, b]);
    expect(disagreements).toEqual([]);
  });

  it("falls back to localeCompare beyond ASCII", () => {
    expect(Math.sign(compareText("écran", "ecran2"))).toBe(Math.sign("écran".localeCompare("ecran2")));
    expect(Math.sign(compareText("zeta", "Ärger"))).toBe(1);
  });

  it("sorts scopes in the notes as conventional-changelog does: case-blind, lowercase first, _ before -", () => {
    const scoped = ["b", "API", "", "api", "core-x", "core_x", "core2", "Ärger"].map((scope, i) =>
      pc({ subject: `feat: s${i}`, description: `s${i}`, shortHash: `h${i}`, ...(scope === "" ? {} : { scope }) }),
    );
    const md = renderNotes({ version: "1.0.0", tag: "v1.0.0", date: "2026-02-03", commits: scoped, authors: false });
    const order = md.split("\n").filter((l) => l.startsWith("* ")).map((l) => l.replace(/ \(h\d\)$/, ""));
    expect(order).toEqual(["* s2", "* **api:** s3", "* **API:** s1", "* **Ärger:** s7", "* **b:** s0", "* **core\\_x:** s5", "* **core-x:** s4", "* **core2:** s6"]);
  });
});

describe("planToJson", () => {
  it("round-trips", () => {
    const plan = {
      schema: "relm.plan/1" as const,
      released: false,
      reason: "no commits",
      mode: "single" as const,
      range: { toRef: "HEAD", to: "a" },
      packages: [],
      commitCount: 0,
      mergeCommits: 0,
      nonConventional: { count: 0, commits: [] },
      warnings: [],
    };
    expect(JSON.parse(planToJson(plan))).toEqual(plan);
  });
});
