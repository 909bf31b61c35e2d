// Release notes that credit authors as @login and greet new contributors, as GitHub's generated
// notes do: `relm plan` and `relm notes` against the fake GitHub (every request checked against
// GitHub's API description), a real git repository, and the fallbacks to git names.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";

const COMMITS = "GET /repos/{owner}/{repo}/commits/{ref}";
const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const bob = { name: "Bob", email: "bob@example.com" };
// A name nobody controls but its author: a bidi override and a link of its own, which must stay inert text.
// (git itself drops `<` and `>` from names.)
const carol = { name: "Carol \u202e[win](https://evil.example) @org/team", email: "carol@example.com" };
const bot = { name: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com" };

describe("notes with forge logins (GitHub)", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  const shas: Record<string, string> = {};
  const lookups = () => fake.requests.filter((r) => r.endpoint === COMMITS);

  beforeAll(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "a.txt": "1" }, author: ada });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    shas.ada = repo.commit("feat: ada's widget", { files: { "a.txt": "2" }, author: ada });
    shas.bob1 = repo.commit("fix: bob's first fix (#12)", { files: { "b.txt": "1" }, author: bob });
    shas.bob2 = repo.commit("fix: bob's second fix", { files: { "b.txt": "2" }, author: bob });
    shas.carol = repo.commit("feat: carol's gadget", { files: { "c.txt": "1" }, author: carol });
    shas.bot = repo.commit("chore(deps): bump left-pad", { files: { "d.txt": "1" }, author: bot });
    fake = await startFakeGitHub();
    fake.state.commitAuthors.set(shas.ada ?? "", "ada-l");
    fake.state.commitAuthors.set(shas.bob1 ?? "", "bobby");
    fake.state.commitAuthors.set(shas.bob2 ?? "", "bobby");
    // An e-mail no GitHub account has claimed: `author: null`.
    fake.state.commitAuthors.set(shas.carol ?? "", null);
    fake.state.commitAuthors.set(shas.bot ?? "", "dependabot[bot]");
    env = {
      GITHUB_ACTIONS: "true",
      GITLAB_CI: "",
      GITHUB_REPOSITORY: "octo-org/app",
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: fake.token,
      RELM_GITHUB_TOKEN: "",
      GITHUB_OUTPUT: "",
      GITHUB_STEP_SUMMARY: "",
      RELM_NOTES_LOGINS: "",
      RELM_DEBUG: "",
    };
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });
  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    repo.cleanup();
  });

  it("relm plan credits @login, keeps the git name where GitHub knows none, and greets new contributors", async () => {
    const run = await relmAsync(["plan"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/\* ada's widget \(\w{7}\) by @ada-l\n/);
    expect(out).toMatch(/\* bob's first fix \\\(\\#12\\\) \(\w{7}\) by @bobby\n/);
    expect(out).toMatch(/\* bob's second fix \(\w{7}\) by @bobby\n/);
    const shownCarol = "Carol `U+202E`\\[win\\]\\(https://evil.example\\) `@org/team`";
    expect(out).toContain(`by ${shownCarol}\n`);
    expect(out.trimEnd().split("\n").slice(-4)).toEqual([
      "### New contributors",
      "",
      "* @bobby made their first contribution in #12",
      `* ${shownCarol} made their first contribution in ${shas.carol?.slice(0, 7)}`,
    ]);
    // Ada released before; the bot is never greeted; its hidden chore names nobody, so it is not asked about.
    expect(out).not.toMatch(/@ada-l made|dependabot/);
    // One request per distinct e-mail (Bob has two commits), for the commit the notes show first.
    const asked = lookups().map((r) => r.path.split("/").at(-1));
    expect(asked.sort()).toEqual([shas.ada, shas.bob2, shas.carol].sort());
  });

  it("relm notes prints the same credits", async () => {
    const run = await relmAsync(["notes"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("by @bobby");
    expect(run.stdout).toContain("### New contributors");
    expect(lookups()).toHaveLength(3);
  });

  it("without a token, or with notes.logins off, the plan asks nothing and prints the notes as always", async () => {
    const offline = await relmAsync(["plan"], repo.dir, { ...env, GITHUB_TOKEN: "" });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain("by Bob");
    expect(offline.stdout).not.toMatch(/@bobby|New contributors/);
    writeFileSync(join(repo.dir, ".relm.yml"), "notes:\n  logins: false\n");
    try {
      const off = await relmAsync(["plan"], repo.dir, env);
      expect(off.code, off.stderr).toBe(0);
      expect(off.stdout).toBe(offline.stdout);
    } finally {
      rmSync(join(repo.dir, ".relm.yml"));
    }
    expect(lookups()).toEqual([]);
  });

  it("a GitHub that answers 500 leaves the git names, exit 0, and --verbose says so once", async () => {
    const offline = await relmAsync(["plan"], repo.dir, { ...env, GITHUB_TOKEN: "" });
    // The first lookup and its one retry fail; after that the plan asks nothing more.
    fake.fault(COMMITS, { status: 500 }, { status: 500 });
    const run = await relmAsync(["plan", "--verbose"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("by Bob");
    expect(run.stdout).not.toContain("@bobby");
    // Who is new comes from git: the section stays, with the git names.
    expect(run.stdout).toContain("* Bob made their first contribution in #12");
    expect(run.stdout.replace(/\n### New contributors[\s\S]*$/, "")).toBe(offline.stdout);
    expect(run.stderr.match(/relm: debug: the forge named no logins/g)).toHaveLength(1);
    expect(run.stderr).toContain("GET /repos/{owner}/{repo}/commits/{ref} failed with 500");
    expect(lookups().map((r) => r.status)).toEqual([500, 500]);
  });
});

describe("the tag step's release notes (GitHub)", () => {
  it("relm tag publishes the release with the same credits relm plan showed", async () => {
    const repo = createGitFixture();
    const fake = await startFakeGitHub();
    try {
      repo.commit("feat: first", { files: { "a.txt": "1" }, author: ada });
      repo.tag("v1.0.0", { message: "v1.0.0" });
      const sha = repo.commit("fix: bob's fix (#3)", { files: { "b.txt": "1" }, author: bob });
      fake.state.commitAuthors.set(sha, "bobby");
      const env = { GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url, RELM_NOTES_LOGINS: "" };
      const notes = await relmAsync(["notes"], repo.dir, { ...env, GITHUB_ACTIONS: "true", GITHUB_TOKEN: fake.token, RELM_GITHUB_TOKEN: "" });
      const tag = await relmAsync(["tag", "--forge", "github", "--token", fake.token], repo.dir, env);
      expect(tag.code, tag.stderr + tag.stdout).toBe(0);
      const release = fake.state.releases.find((r) => r.tag === "v1.0.1");
      expect(release?.body).toContain("by @bobby");
      expect(release?.body).toContain("* @bobby made their first contribution in #3");
      expect(release?.body?.trimEnd()).toBe(notes.stdout.trimEnd());
      expect(fake.violations).toEqual([]);
    } finally {
      await fake.close();
      repo.cleanup();
    }
  });
});
