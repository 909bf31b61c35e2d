// End to end: `relm prepare` writes the planned release into real git repositories' working trees.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { json, read, type PrepareJson } from "./support/prepare-run.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

describe("relm prepare on a single package", () => {
  let repo: GitFixture;
  // Four spaces, keys in an odd order: both must survive the version being written.
  const manifest = '{\n    "private": true,\n    "name": "widgets",\n    "version": "1.0.0",\n    "scripts": { "test": "vitest" }\n}\n';
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "package.json": manifest } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat(cli): add --json", { files: { "src/a.ts": "1" } });
    repo.commit("fix: handle empty input", { files: { "src/a.ts": "2" } });
  });
  afterAll(() => repo.cleanup());

  it("--dry-run says what it would write and writes nothing", () => {
    const run = runRelm(["prepare", "--dry-run", "--commit", "--cwd", repo.dir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Would prepare 1.1.0");
    expect(run.stdout).toContain("package.json: version 1.1.0");
    expect(run.stdout).toContain("Would commit: chore(release): 1.1.0");
    expect(run.stdout).toContain("CHANGELOG.md:\n\n## 1.1.0 (2024-01-01)\n\n### Features");
    expect(run.stdout).toContain("add --json");
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(repo.git("rev-list", "--count", "HEAD")).toBe("3");
  });

  it("writes the version in place and adds the changelog section with its date", () => {
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(out.versions).toEqual([{ name: "", version: "1.1.0", tag: "v1.1.0" }]);
    expect(read(repo, "package.json")).toBe(manifest.replace('"version": "1.0.0"', '"version": "1.1.0"'));
    const changelog = read(repo, "CHANGELOG.md");
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain("## 1.1.0 (2024-01-01)");
    expect(changelog).toContain("add --json");
    expect(changelog).not.toContain("()");
    expect(out.files.find((f) => f.path === "CHANGELOG.md")).toMatchObject({ kind: "changelog", changed: true, created: true, added: [expect.stringMatching(/^## 1\.1\.0 \(2024-01-01\)\n/)] });
    expect(out.lockfiles).toEqual([]);
  });

  it("is idempotent: a second run changes nothing", () => {
    const before = { manifest: read(repo, "package.json"), changelog: read(repo, "CHANGELOG.md") };
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(out.files.map((f) => f.changed)).toEqual([false, false]);
    expect(read(repo, "package.json")).toBe(before.manifest);
    expect(read(repo, "CHANGELOG.md")).toBe(before.changelog);
    expect(read(repo, "CHANGELOG.md").match(/^## 1\.1\.0/gm)).toHaveLength(1);
    expect(runRelm(["prepare", "--cwd", repo.dir]).stdout).toContain("package.json: already up to date");
  });

  it("--commit makes one release commit with the files, and the plan stays the same after it", () => {
    writeFileSync(join(repo.dir, "unrelated.txt"), "not part of the release\n");
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--commit", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(out.commit?.message).toBe("chore(release): 1.1.0");
    expect(out.commit?.hash).toBe(repo.head());
    expect(repo.git("log", "-1", "--format=%s")).toBe("chore(release): 1.1.0");
    expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual(["CHANGELOG.md", "package.json"]);
    expect(repo.git("status", "--porcelain")).toBe("?? unrelated.txt");
    // The release commit is a chore: the version to release is still 1.1.0, and nothing is left to commit.
    expect(runRelm(["version", "--cwd", repo.dir]).stdout).toBe("1.1.0\n");
    const again = runRelm(["prepare", "--commit", "--cwd", repo.dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Nothing to commit");
    expect(repo.git("rev-list", "--count", "HEAD")).toBe("4");
  });
});

describe("relm prepare on an npm workspaces monorepo (independent mode)", () => {
  let repo: GitFixture;
  const b = {
    name: "@acme/b",
    version: "1.0.0",
    dependencies: { "@acme/a": "^1.0.0", "left-pad": "^1.3.0" },
    devDependencies: { "@acme/a": "~1.0.0" },
    peerDependencies: { "@acme/a": "workspace:^1.0.0" },
  };
  const c = { name: "@acme/c", version: "2.0.0", dependencies: { "@acme/a": "*" }, optionalDependencies: { "@acme/a": "1.0.0" } };
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: workspace", {
      files: {
        "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
        "packages/a/package.json": json({ name: "@acme/a", version: "1.0.0" }),
        "packages/b/package.json": json(b),
        "packages/c/package.json": json(c, "\t"),
        "packages/a/CHANGELOG.md": "# Changelog\n\n## 1.0.0 (2023-12-01)\n\n* the first\n",
        // npm cannot install `workspace:` ranges (nor left-pad offline): the lockfile is left alone, with a note.
        "package-lock.json": json({ name: "root", lockfileVersion: 3, requires: true, packages: {} }),
      },
    });
    for (const tag of ["@acme/a@1.0.0", "@acme/b@1.0.0", "@acme/c@2.0.0"]) repo.tag(tag, { message: tag });
    repo.commit("feat(a): a new thing", { files: { "packages/a/index.js": "1" } });
  });
  afterAll(() => repo.cleanup());

  it("releases the changed package and its dependents, moving only ^, ~ and exact ranges", () => {
    const { code, json: out, stderr } = runRelmJson<PrepareJson>(["prepare", "--commit", "--cwd", repo.dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(out.versions.map((v) => `${v.name}@${v.version}`)).toEqual(["@acme/a@1.1.0", "@acme/b@1.0.1", "@acme/c@2.0.1"]);
    expect(JSON.parse(read(repo, "packages/a/package.json"))).toEqual({ name: "@acme/a", version: "1.1.0" });
    expect(read(repo, "packages/b/package.json")).toBe(
      json({ ...b, version: "1.0.1", dependencies: { "@acme/a": "^1.1.0", "left-pad": "^1.3.0" }, devDependencies: { "@acme/a": "~1.1.0" } }),
    );
    expect(read(repo, "packages/c/package.json")).toBe(json({ ...c, version: "2.0.1", optionalDependencies: { "@acme/a": "1.1.0" } }, "\t"));
    expect(out.commit?.message).toBe("chore(release): @acme/a@1.1.0, @acme/b@1.0.1, @acme/c@2.0.1");
    // After the release commit the plan is the same release: the versions the commit shows are the ones to tag.
    expect(runRelm(["version", "--cwd", repo.dir]).stdout).toBe("@acme/a 1.1.0\n@acme/b 1.0.1\n@acme/c 2.0.1\n");
    expect(out.lockfiles).toHaveLength(1);
    expect(out.lockfiles[0]).toMatchObject({ path: "package-lock.json", status: "left alone" });
    expect(out.lockfiles[0]?.note).toMatch(/^package-lock\.json was left alone \((npm install failed: .+|npm is not installed)\): run npm install --package-lock-only/);
  });

  it("writes each package's notes into its own changelog, above the older sections", () => {
    const a = read(repo, "packages/a/CHANGELOG.md");
    expect(a.indexOf("## 1.1.0")).toBeGreaterThan(0);
    expect(a.indexOf("## 1.1.0")).toBeLessThan(a.indexOf("## 1.0.0 (2023-12-01)"));
    expect(a).toContain("a new thing");
    const bLog = read(repo, "packages/b/CHANGELOG.md");
    expect(bLog).toMatch(/^## 1\.0\.1 \(\d{4}-\d{2}-\d{2}\)$/m);
    expect(bLog).toContain("updated `@acme/a` to 1.1.0");
    expect(bLog).not.toContain("a new thing");
    expect(() => read(repo, "CHANGELOG.md")).toThrow();
  });

  it("leaves a lockfile npm cannot update alone, and says so", () => {
    expect(read(repo, "package-lock.json")).toBe(json({ name: "root", lockfileVersion: 3, requires: true, packages: {} }));
    expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n")).not.toContain("package-lock.json");
    const again = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]).json;
    // Nothing changed in the manifests this time, so npm is not asked again.
    expect(again.lockfiles).toEqual([{ path: "package-lock.json", status: "unchanged" }]);
  });
});

describe("relm prepare with a package-lock.json npm can update", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: workspace", {
      files: {
        "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
        "packages/a/package.json": json({ name: "a", version: "1.0.0" }),
        "packages/b/package.json": json({ name: "b", version: "1.0.0", dependencies: { a: "^1.0.0" } }),
      },
    });
    const npm = spawnSync("npm", ["install", "--package-lock-only", "--ignore-scripts", "--offline", "--no-audit", "--no-fund"], { cwd: repo.dir, encoding: "utf8", env: gitEnv() });
    expect(npm.status, npm.stderr).toBe(0);
    repo.commit("chore: lockfile", { files: { "package-lock.json": read(repo, "package-lock.json") } });
    repo.tag("a@1.0.0", { message: "a@1.0.0" });
    repo.tag("b@1.0.0", { message: "b@1.0.0" });
    repo.commit("fix(a): a fix", { files: { "packages/a/index.js": "1" } });
  });
  afterAll(() => repo.cleanup());

  it("has npm rewrite package-lock.json and commits it with the manifests", () => {
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--commit", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(out.lockfiles).toMatchObject([{ path: "package-lock.json", status: "updated" }]);
    const lock = JSON.parse(read(repo, "package-lock.json")) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    expect(lock.packages["packages/a"]?.version).toBe("1.0.1");
    expect(lock.packages["packages/b"]).toEqual({ version: "1.0.1", dependencies: { a: "^1.0.1" } });
    expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n")).toContain("package-lock.json");
    expect(repo.git("status", "--porcelain")).toBe("");
  });
});

describe("relm prepare in fixed mode", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: workspace", {
      files: {
        ".relm.yml": "monorepo:\n  mode: fixed\n",
        "package.json": json({ name: "root", private: true, workspaces: ["packages/*"] }),
        "packages/a/package.json": json({ name: "a", version: "2.0.0" }),
        "packages/b/package.json": json({ name: "b", version: "2.0.0", dependencies: { a: "^2.0.0" } }),
      },
    });
    repo.tag("a@2.0.0", { message: "a@2.0.0" });
    repo.tag("b@2.0.0", { message: "b@2.0.0" });
    repo.commit("feat(a): shared thing", { files: { "packages/a/x.js": "1" }, date: "2024-03-05T10:00:00Z" });
  });
  afterAll(() => repo.cleanup());

  it("gives every package the one version, its own notes in its own changelog, and a dated heading", () => {
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(out.versions.map((v) => v.version)).toEqual(["2.1.0", "2.1.0"]);
    expect(out.commit).toBeUndefined();
    expect(JSON.parse(read(repo, "packages/b/package.json"))).toEqual({ name: "b", version: "2.1.0", dependencies: { a: "^2.1.0" } });
    const a = read(repo, "packages/a/CHANGELOG.md");
    const bLog = read(repo, "packages/b/CHANGELOG.md");
    expect(a).toContain("## 2.1.0 (2024-03-05)");
    expect(a).toContain("shared thing");
    expect(bLog).toContain("## 2.1.0 (2024-03-05)");
    expect(bLog).not.toContain("shared thing");
    expect(bLog).not.toContain("()");
  });

  it("--commit names the one version", () => {
    const run = runRelm(["prepare", "--commit", "--cwd", repo.dir]);
    expect(run.code).toBe(0);
    expect(repo.git("log", "-1", "--format=%s")).toBe("chore(release): 2.1.0");
    expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual([
      "packages/a/CHANGELOG.md",
      "packages/a/package.json",
      "packages/b/CHANGELOG.md",
      "packages/b/package.json",
    ]);
  });
});
