// planRelease over a real git repository through the real Git port (@relm/git): the end-to-end
// check that the planner's contract holds outside the in-memory double.
import { afterEach, describe, expect, it } from "vitest";
import { gitRepository } from "@relm/git";
import { loadConfig, planRelease } from "../src/index.ts";
import { createGitFixture, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";

let fixture: GitFixture | undefined;
afterEach(() => fixture?.cleanup());

describe("planRelease on a real repository", () => {
  it("plans from the highest reachable tag across merges, with CRLF and unicode messages", async () => {
    const f = (fixture = createGitFixture());
    f.commit("feat: first", { files: { "src/a.ts": "1" } });
    f.tag("v1.0.0", { message: "v1.0.0" });
    f.branch("experiment");
    f.commit("feat: experiment", { files: { "src/x.ts": "x" } });
    f.tag("v9.0.0"); // lightweight, on a branch never merged
    f.checkout("main");
    f.branch("topic");
    f.commit("fix(ünïcode): 修正 ✓\r\n\r\nCloses #5\r\n", { files: { "src/b.ts": "2" } });
    f.checkout("main");
    f.commit("docs: readme", { files: { "README.md": "r" } });
    f.merge("topic", "Merge branch 'topic'");
    const git = gitRepository(f.dir, { env: gitEnv() });
    const plan = await planRelease({ git }, { config: loadConfig("{}").config, repositoryUrl: "https://gitlab.com/g/app" });
    const pkg = plan.packages[0];
    expect(pkg?.previous?.tag).toBe("v1.0.0");
    expect(pkg?.next?.version).toBe("1.0.1");
    expect(plan.mergeCommits).toBe(1);
    expect(plan.nonConventional.count).toBe(0);
    expect(pkg?.notes).toContain("**ünïcode:** 修正 ✓ ([#5](https://gitlab.com/g/app/-/issues/5))");
    expect(pkg?.notes).toContain("https://gitlab.com/g/app/-/compare/v1.0.0...v1.0.1");
  });

  it("releases the dependents of a released package from the package.json files at the target", async () => {
    const f = (fixture = createGitFixture());
    const pkg = (name: string, deps: Record<string, string> = {}) => JSON.stringify({ name, version: "1.0.0", dependencies: deps });
    f.commit("feat: init", { files: { "packages/core/package.json": pkg("@x/core"), "packages/cli/package.json": pkg("@x/cli", { "@x/core": "^1.0.0" }), "packages/web/package.json": pkg("@x/web") } });
    for (const tag of ["core@1.0.0", "cli@1.0.0", "web@1.0.0"]) f.tag(tag, { message: tag });
    f.commit("fix(core): off by one", { files: { "packages/core/a.ts": "1", "packages/web/a.ts": "1" } });
    // The working tree moves on after the target: the manifests are read at the target commit.
    const target = f.git("rev-parse", "HEAD").trim();
    f.commit("chore: drop the dependency", { files: { "packages/cli/package.json": pkg("@x/cli") } });
    const git = gitRepository(f.dir, { env: gitEnv() });
    const config = loadConfig("packages:\n  - { name: core, path: packages/core }\n  - { name: cli, path: packages/cli }\n  - { name: web, path: packages/web }\n").config;
    const plan = await planRelease({ git }, { config, to: target });
    expect(plan.packages.map((p) => [p.name, p.next?.version, p.versionSource])).toEqual([
      ["core", "1.0.1", "bump"],
      ["cli", "1.0.1", "dependency"],
      ["web", "1.0.1", "bump"],
    ]);
    expect(plan.packages[1]?.notes).toContain("* updated core to 1.0.1");
    const later = await planRelease({ git }, { config });
    expect(later.packages[1]?.released).toBe(false);
  });

  it("reports a shallow clone with RELM_SHALLOW_CLONE", async () => {
    const f = (fixture = createGitFixture());
    f.commit("feat: a", { files: { a: "1" } });
    f.commit("feat: b", { files: { b: "1" } });
    const clone = createGitFixture();
    clone.cleanup();
    f.git("clone", "-q", "--depth", "1", `file://${f.dir}`, clone.dir);
    try {
      const error = await planRelease({ git: gitRepository(clone.dir, { env: gitEnv() }) }, { config: loadConfig("{}").config }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "RELM_SHALLOW_CLONE" });
      // The refs are read alongside the shallow check; a ref the clone lacks still reports the clone, the cause.
      const missing = await planRelease({ git: gitRepository(clone.dir, { env: gitEnv() }) }, { config: loadConfig("{}").config, from: "HEAD~1" }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: "RELM_SHALLOW_CLONE" });
    } finally {
      clone.cleanup();
    }
  });
});
