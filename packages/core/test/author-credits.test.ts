import { describe, expect, it } from "vitest";
import {
  cachedCommitAuthors,
  creditedAuthor,
  isBot,
  knownAuthorsOf,
  loadConfig,
  newContributors,
  parseCommit,
  planRelease,
  renderNotes,
  repositoryLinks,
  type CommitAuthors,
  type PlannedCommit,
} from "../src/index.ts";
import { MemoryGit } from "./support/memory-git.ts";

const links = repositoryLinks("https://github.com/acme/app");

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

/** A forge that knows some e-mails' logins and counts what it is asked. */
function forgeOf(logins: Record<string, string>, fail?: Error): CommitAuthors & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async loginOf(_sha, email) {
      asked.push(email);
      if (fail) throw fail;
      return logins[email];
    },
  };
}

const config = (yaml = "{}") => loadConfig(yaml).config;

describe("creditedAuthor", () => {
  it("credits @login when the forge named one, else the git name as inert text", () => {
    expect(creditedAuthor("Ada Lovelace", "ada")).toBe("@ada");
    expect(creditedAuthor("Ada Lovelace", undefined)).toBe("Ada Lovelace");
    expect(creditedAuthor("<img src=x onerror=alert(1)>", undefined)).toBe("&lt;img src=x onerror=alert\\(1\\)&gt;");
  });

  it("does not take an answer that is not shaped like a login: the escaped git name stands", () => {
    for (const hostile of ["<script>", "a](https://evil.example)", "x y", "@ada", "-ada", "ada\u202e", "", "a".repeat(120)]) {
      expect(creditedAuthor("Ada *Lovelace*", hostile)).toBe("Ada \\*Lovelace\\*");
    }
  });

  it("escapes what could start emphasis or a link in a valid login, and keeps GitHub's [bot] suffix", () => {
    expect(creditedAuthor("x", "a_b_")).toBe("@a\\_b\\_");
    expect(creditedAuthor("x", "first.last")).toBe("@first.last");
    expect(creditedAuthor("x", "dependabot[bot]")).toBe("@dependabot\\[bot\\]");
  });

  it("still shows bidi controls in a git name", () => {
    expect(creditedAuthor("Ada\u202eecalevol", undefined)).toBe("Ada`U+202E`ecalevol");
  });
});

describe("renderNotes with logins and new contributors", () => {
  it("names each commit's author by login where known and by git name elsewhere", () => {
    const notes = renderNotes({
      version: "1.1.0",
      tag: "v1.1.0",
      date: "2026-01-02",
      commits: [pc({ hash: "1".repeat(40), shortHash: "1111111", author: "Ada" }), pc({ hash: "2".repeat(40), shortHash: "2222222", author: "Bob @team" })],
      logins: new Map([["1".repeat(40), "ada"]]),
    });
    expect(notes).toContain("* x (1111111) by @ada");
    // The git name keeps its mention in a code span: nobody is pinged by what a commit says.
    expect(notes).toContain("* x (2222222) by Bob `@team`");
  });

  it("lists new contributors last, linking the pull request a squash merge names or the commit", () => {
    const notes = renderNotes({
      version: "1.1.0",
      tag: "v1.1.0",
      date: "2026-01-02",
      commits: [pc({})],
      links,
      newContributors: [
        { name: "Bob", email: "bob@x", login: "bob", hash: "b".repeat(40), shortHash: "bbbbbbb", request: { sigil: "#", number: "12" } },
        { name: "Eve <b>", email: "eve@x", hash: "e".repeat(40), shortHash: "eeeeeee" },
      ],
    });
    expect(notes.trimEnd().split("\n").slice(-4)).toEqual([
      "### New contributors",
      "",
      "* @bob made their first contribution in [#12](https://github.com/acme/app/issues/12)",
      `* Eve &lt;b&gt; made their first contribution in [eeeeeee](https://github.com/acme/app/commit/${"e".repeat(40)})`,
    ]);
  });
});

describe("cachedCommitAuthors", () => {
  it("asks once per e-mail, whatever its case, also while the first answer is pending", async () => {
    const forge = forgeOf({ "ada@x": "ada" });
    const cached = cachedCommitAuthors(forge);
    const answers = await Promise.all([cached.loginOf("1", "ada@x"), cached.loginOf("2", "ADA@x"), cached.loginOf("3", "bob@x"), cached.loginOf("4", "bob@x")]);
    expect(answers).toEqual(["ada", "ada", undefined, undefined]);
    expect(forge.asked).toEqual(["ada@x", "bob@x"]);
  });

  it("turns a failure into no login, says so once and asks nothing more", async () => {
    const forge = forgeOf({}, new Error("GitHub GET /repos/{owner}/{repo}/commits/{ref} failed with 403"));
    const failures: unknown[] = [];
    const cached = cachedCommitAuthors(forge, { onFailure: (e) => failures.push(e) });
    expect(await cached.loginOf("1", "ada@x")).toBeUndefined();
    expect(await cached.loginOf("2", "bob@x")).toBeUndefined();
    expect(forge.asked).toEqual(["ada@x"]);
    expect(failures).toHaveLength(1);
  });
});

describe("new contributors from git", () => {
  const commit = (subject: string, authorName: string, authorEmail: string, n: number) =>
    parseCommit({ hash: String(n).repeat(40).slice(0, 40), parents: [], authorName, authorEmail, authorDate: "2026-01-01T00:00:00Z", committerDate: "2026-01-01T00:00:00Z", message: subject });

  it("greets authors with no earlier commit, once each, by their oldest commit in the range", () => {
    const known = knownAuthorsOf([{ authorName: "Ada", authorEmail: "ada@x" }]);
    // Newest first, as git lists them.
    const range = [commit("fix: later", "Bob", "bob@x", 3), commit("feat: again", "Ada", "ADA@x", 2), commit("feat: first one (#7)", "Bob", "bob@x", 1)];
    expect(newContributors(range, known)).toEqual([{ name: "Bob", email: "bob@x", hash: "1".repeat(40), shortHash: "1111111", request: { sigil: "#", number: "7" } }]);
  });

  it("knows someone by name after a new e-mail, and never greets bots", () => {
    const known = knownAuthorsOf([{ authorName: "Ada", authorEmail: "ada@old" }]);
    const range = [
      commit("feat: a", "Ada", "ada@new", 1),
      commit("chore: deps", "dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", 2),
      commit("chore: deps", "Renovate", "29139614+renovate[bot]@users.noreply.github.com", 3),
    ];
    expect(newContributors(range, known)).toEqual([]);
    expect(isBot("github-actions[bot]", "x@y")).toBe(true);
    expect(isBot("Bob", "bob@users.noreply.github.com")).toBe(false);
  });
});

describe("planRelease with the forge's logins", () => {
  function history(): MemoryGit {
    const git = new MemoryGit();
    git.commit({ message: "feat: first", author: "Ada", email: "ada@x" });
    git.tag("v1.0.0");
    git.commit({ message: "feat: by ada", author: "Ada", email: "ada@x" });
    git.commit({ message: "fix: first of bob (#12)", author: "Bob", email: "bob@x" });
    git.commit({ message: "fix: more of bob", author: "Bob", email: "bob@x" });
    git.commit({ message: "docs: carol's typo", author: "Carol <script>", email: "carol@x" });
    git.commit({ message: "chore(deps): bump", author: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com" });
    return git;
  }
  const request = { config: config(), repositoryUrl: "https://github.com/acme/app" };

  it("credits @login, falls back to the git name, asks once per e-mail and greets new contributors", async () => {
    const git = history();
    const forge = forgeOf({ "ada@x": "ada", "bob@x": "bobby" });
    const notes = (await planRelease({ git, authors: forge }, request)).packages[0]?.notes ?? "";
    expect(notes).toMatch(/\* by ada \(\[0000002\]\([^)]+\)\) by @ada/);
    expect(notes).toMatch(/\* first of bob \\\(\[#12\]\([^)]+\)\\\) \(\[0000003\]\([^)]+\)\) by @bobby/);
    expect(notes).toMatch(/\* more of bob \(\[0000004\]\([^)]+\)\) by @bobby/);
    // Carol's only commit is hidden (docs), yet it is her first: she is greeted, by her escaped git name.
    expect(notes.trimEnd().split("\n").slice(-4)).toEqual([
      "### New contributors",
      "",
      "* @bobby made their first contribution in [#12](https://github.com/acme/app/issues/12)",
      "* Carol &lt;script&gt; made their first contribution in [0000005](https://github.com/acme/app/commit/0000005aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)",
    ]);
    expect(forge.asked.sort()).toEqual(["ada@x", "bob@x", "carol@x"]);
  });

  it("plans exactly as without a forge when the forge fails", async () => {
    const offline = await planRelease({ git: history() }, request);
    const failing = await planRelease({ git: history(), authors: forgeOf({}, new Error("rate limited")) }, request);
    const withoutLogins = failing.packages[0]?.notes ?? "";
    expect(withoutLogins).toContain("by Ada");
    expect(withoutLogins).not.toContain("@");
    // Who is new comes from git, so the section stays; only the logins are missing.
    expect(withoutLogins).toContain("* Bob made their first contribution in");
    expect(failing.packages[0]?.next).toEqual(offline.packages[0]?.next);
  });

  it("without a forge, with logins off, or with authors off, the notes are what they always were", async () => {
    const offline = (await planRelease({ git: history() }, request)).packages[0]?.notes;
    expect(offline).not.toContain("New contributors");
    const forge = forgeOf({ "ada@x": "ada" });
    const off = await planRelease({ git: history(), authors: forge }, { ...request, config: config("notes: { logins: false }") });
    expect(off.packages[0]?.notes).toBe(offline);
    const anonymous = await planRelease({ git: history(), authors: forge }, { ...request, config: config("notes: { authors: false }") });
    expect(anonymous.packages[0]?.notes).not.toMatch(/\) by |New contributors/);
    expect(forge.asked).toEqual([]);
  });

  it("lists no new contributors for a first release or with newContributors off", async () => {
    const git = new MemoryGit();
    git.commit({ message: "feat: first", author: "Ada", email: "ada@x" });
    git.commit({ message: "feat: second", author: "Bob", email: "bob@x" });
    const first = await planRelease({ git, authors: forgeOf({ "bob@x": "bob" }) }, request);
    expect(first.packages[0]?.notes).toContain("by @bob");
    expect(first.packages[0]?.notes).not.toContain("New contributors");
    const quiet = await planRelease({ git: history(), authors: forgeOf({}) }, { ...request, config: config("notes: { newContributors: false }") });
    expect(quiet.packages[0]?.notes).not.toContain("New contributors");
  });

  it("counts the whole history before the release, not one package's paths", async () => {
    const git = new MemoryGit();
    git.commit({ message: "feat(a): first", author: "Ada", email: "ada@x", files: ["packages/a/x.ts"] });
    git.commit({ message: "feat(b): bob on b", author: "Bob", email: "bob@x", files: ["packages/b/x.ts"] });
    git.tag("a@1.0.0");
    git.tag("b@1.0.0");
    git.commit({ message: "fix(a): bob on a", author: "Bob", email: "bob@x", files: ["packages/a/y.ts"] });
    const yaml = "packages:\n  - { name: a, path: packages/a }\n  - { name: b, path: packages/b }\n";
    const result = await planRelease({ git, authors: forgeOf({}) }, { ...request, config: config(yaml) });
    const a = result.packages.find((p) => p.name === "a");
    expect(a?.released).toBe(true);
    expect(a?.notes).toContain("by Bob");
    expect(a?.notes).not.toContain("New contributors");
  });
});
