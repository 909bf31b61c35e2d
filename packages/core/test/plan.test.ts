import { describe, expect, it } from "vitest";
import { isRelmError, loadConfig, planRelease, type PlanRequest } from "../src/index.ts";
import { MemoryGit } from "./support/memory-git.ts";

const config = (yaml = "{}") => loadConfig(yaml).config;
const plan = (git: MemoryGit, over: Partial<PlanRequest> = {}) => planRelease({ git }, { config: config(), ...over });

describe("planRelease: one package", () => {
  it("computes the next version and notes from commits since the highest reachable tag", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("fix: a bug (#3)");
    git.commit("feat(cli): new flag");
    git.commit("Update README");
    const result = await plan(git, { repositoryUrl: "https://github.com/acme/app", includePaths: true });
    const pkg = result.packages[0];
    expect(result.released).toBe(true);
    expect(pkg?.previous).toMatchObject({ version: "1.0.0", tag: "v1.0.0" });
    expect(pkg?.next).toEqual({ version: "1.1.0", tag: "v1.1.0" });
    expect(pkg?.bump).toBe("minor");
    expect(pkg?.commits.map((c) => c.subject)).toEqual(["feat(cli): new flag", "fix: a bug (#3)"]);
    expect(pkg?.touchedPaths).toEqual(["src/index.ts"]);
    expect(pkg?.notes).toContain("## [1.1.0](https://github.com/acme/app/compare/v1.0.0...v1.1.0)");
    expect(result.nonConventional).toEqual({ count: 1, commits: [{ shortHash: expect.any(String), subject: "Update README" }] });
    expect(result.commitCount).toBe(3);
    // plain data: survives JSON unchanged
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("says plainly when no release is needed", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    const none = await plan(git);
    expect(none).toMatchObject({ released: false, reason: "already released as 1.0.0 (v1.0.0)" });
    git.commit("docs: typo");
    git.commit("chore: deps");
    const chores = await plan(git);
    expect(chores.released).toBe(false);
    expect(chores.reason).toMatch(/no release-worthy changes since v1\.0\.0 \(2 commits/);
    expect(chores.packages[0]?.next).toBeUndefined();
  });

  it("refuses a shallow clone with a fix", async () => {
    const git = new MemoryGit();
    git.commit("feat: x");
    git.shallow = true;
    const error = await plan(git).catch((e: unknown) => e);
    expect(isRelmError(error) && error.code).toBe("RELM_SHALLOW_CLONE");
    expect(isRelmError(error) && error.hint).toMatch(/fetch-depth: 0/);
    expect(isRelmError(error) && error.hint).toMatch(/git fetch --unshallow/);
  });

  it("ignores a higher tag on an unmerged branch, other packages' tags and non-semver tags", async () => {
    const git = new MemoryGit();
    const root = git.commit("feat: first");
    git.tag("v1.0.0");
    git.tag("latest");
    git.tag("other@7.0.0");
    git.commit("fix: on main");
    const main = git.head;
    git.commit({ message: "feat: experiment", parents: [root] });
    git.tag("v5.0.0");
    git.head = main;
    const result = await plan(git);
    expect(result.packages[0]?.previous?.tag).toBe("v1.0.0");
    expect(result.packages[0]?.next?.version).toBe("1.0.1");
  });

  it("still finds the highest reachable tag behind many higher unreachable ones (one history walk)", async () => {
    const git = new MemoryGit();
    const root = git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("fix: main line");
    const main = git.head;
    for (let i = 0; i < 12; i++) {
      git.commit({ message: `feat: branch ${i}`, parents: [root] });
      git.tag(`v${i + 2}.0.0`);
    }
    git.head = main;
    let checks = 0;
    const isAncestor = git.isAncestor.bind(git);
    git.isAncestor = async (a, d) => {
      checks++;
      return isAncestor(a, d);
    };
    const result = await plan(git);
    expect(result.packages[0]?.previous?.tag).toBe("v1.0.0");
    expect(result.packages[0]?.next?.version).toBe("1.0.1");
    expect(checks).toBeLessThan(12);
  });

  it("picks the highest of several tags on one commit", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v2.0.0-rc.1");
    git.tag("v2.0.0");
    git.commit("fix: x");
    expect((await plan(git)).packages[0]?.next?.version).toBe("2.0.1");
  });

  it("cancels a feature reverted inside the range", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    const feat = git.commit("feat: risky");
    git.commit("fix: small");
    git.commit(`Revert "feat: risky"\n\nThis reverts commit ${feat}.`);
    const result = await plan(git);
    expect(result.packages[0]?.next?.version).toBe("1.0.1");
    expect(result.packages[0]?.cancelledReverts).toHaveLength(1);
    expect(result.packages[0]?.notes).not.toContain("risky");
  });

  it("follows Release-As, and warns when it is not above the previous version", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("chore: prepare\n\nRelease-As: 2.0.0");
    const result = await plan(git);
    expect(result.packages[0]).toMatchObject({ next: { version: "2.0.0" }, versionSource: "release-as" });
    git.commit("fix: y\n\nRelease-As: 0.9.0");
    git.tag("v2.0.0", git.head);
    git.commit("fix: z\n\nRelease-As: 1.5.0");
    const low = await plan(git);
    expect(low.packages[0]?.next?.version).toBe("2.0.1");
    expect(low.warnings.join()).toMatch(/Release-As 1\.5\.0 ignored/);
  });

  it("runs a prerelease channel, then graduates", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.3.0");
    git.commit("feat: a");
    const rc0 = await plan(git, { channel: "rc" });
    expect(rc0.packages[0]?.next?.version).toBe("1.4.0-rc.0");
    git.tag("v1.4.0-rc.0");
    git.commit("fix: b");
    const rc1 = await plan(git, { config: config("prerelease: rc") });
    expect(rc1.channel).toBe("rc");
    expect(rc1.packages[0]?.next?.version).toBe("1.4.0-rc.1");
    // the notes of rc.1 list what came since rc.0
    expect(rc1.packages[0]?.notes).toContain("b (");
    expect(rc1.packages[0]?.notes).not.toContain("* a (");
    git.tag("v1.4.0-rc.1");
    const final = await plan(git, { config: config("prerelease: rc"), channel: null });
    expect(final.packages[0]?.next?.version).toBe("1.4.0");
    expect(final.packages[0]?.previous?.tag).toBe("v1.3.0");
    expect(final.packages[0]?.notes).toContain("* a (");
  });

  it("applies releaseRules and 0.x rules from the config", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v0.3.0");
    git.commit("build: new toolchain");
    expect((await plan(git, { config: config("releaseRules:\n  - { type: build, release: patch }\n") })).packages[0]?.next?.version).toBe("0.3.1");
    git.commit("feat!: new api");
    expect((await plan(git)).packages[0]?.next?.version).toBe("1.0.0");
    expect((await plan(git, { config: config("preMajor: { breaking: minor }") })).packages[0]?.next?.version).toBe("0.4.0");
  });

  it("uses a configured tag format and the --from override", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("release-1.0.0");
    const from = git.commit("fix: one");
    git.commit("fix: two");
    const result = await plan(git, { config: config('tagFormat: "release-${version}"'), from });
    expect(result.range.from).toBe(from);
    expect(result.packages[0]?.commits.map((c) => c.subject)).toEqual(["fix: two"]);
    expect(result.packages[0]?.next?.tag).toBe("release-1.0.1");
  });
});

describe("planRelease: monorepo", () => {
  function repo(): MemoryGit {
    const git = new MemoryGit();
    git.commit({ message: "feat: init", files: ["packages/a/index.ts", "packages/b/index.ts"] });
    git.tag("a@1.0.0");
    git.tag("b@2.3.0");
    git.commit({ message: "feat(a): new", files: ["packages/a/new.ts"] });
    git.commit({ message: "fix(b): bug", files: ["packages/b/index.ts"] });
    git.commit({ message: "fix: both", files: ["packages/a/x.ts", "packages/b/x.ts"] });
    git.commit({ message: "fix: root only", files: ["README.md"] });
    return git;
  }
  const packages = "packages:\n  - { name: a, path: packages/a }\n  - { name: b, path: packages/b }\n";

  it("independent: attributes commits by path, each package its own version, tag and notes", async () => {
    const result = await plan(repo(), { config: config(packages) });
    expect(result.mode).toBe("independent");
    const [a, b] = result.packages;
    expect(a).toMatchObject({ name: "a", next: { version: "1.1.0", tag: "a@1.1.0" }, touchedPaths: ["packages/a/new.ts", "packages/a/x.ts"] });
    expect(b).toMatchObject({ name: "b", next: { version: "2.3.1", tag: "b@2.3.1" } });
    expect(a?.commits.map((c) => c.subject)).toEqual(["fix: both", "feat(a): new"]);
    expect(b?.commits.map((c) => c.subject)).toEqual(["fix: both", "fix(b): bug"]);
    expect(a?.changelogFile).toBe("packages/a/CHANGELOG.md");
  });

  it("fixed: one version for all packages from the highest previous version and bump", async () => {
    const result = await plan(repo(), { config: config(`${packages}monorepo: { mode: fixed }\n`) });
    expect(result.packages.map((p) => p.next?.tag)).toEqual(["a@2.4.0", "b@2.4.0"]);
    expect(result.packages.every((p) => p.versionSource === "fixed")).toBe(true);
  });

  it("takes npm workspace packages when the config declares none", async () => {
    const result = await plan(repo(), { workspacePackages: [{ name: "b", path: "packages/b" }] });
    expect(result.packages.map((p) => p.next?.tag)).toEqual(["b@2.3.1"]);
  });

  it("a package with no changes is not released", async () => {
    const git = repo();
    git.tag("a@1.1.0");
    git.commit({ message: "fix(b): again", files: ["packages/b/y.ts"] });
    const result = await plan(git, { config: config(packages) });
    expect(result.packages[0]).toMatchObject({ name: "a", released: false });
    expect(result.packages[1]).toMatchObject({ name: "b", released: true });
  });
});
