import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TagConflictError } from "@relm/core";
import { gitRepository } from "@relm/git";
import { createGitFixture, gitEnv, shallowClone, type GitFixture } from "../../../test/support/git-fixture.ts";

describe("tags", () => {
  let repo: GitFixture;
  let first: string;
  let second: string;
  beforeAll(() => {
    repo = createGitFixture();
    first = repo.commit("feat: first", { files: { "a.txt": "1" } });
    repo.tag("v1.0.0", { message: "Release 1.0.0\n\n# Notes\n" });
    repo.tag("lightweight-1");
    second = repo.commit("fix: second", { files: { "a.txt": "2" } });
    // Several tags on one commit, of both kinds, with names that need care.
    repo.tag("v1.0.1", { message: "v1.0.1" });
    repo.tag("pkg@1.0.1");
    repo.tag("@scope/pkg@1.0.1", { message: "scoped" });
    repo.tag("pkg-v1.0.1");
    repo.tag("release/2024-01", { message: "odd" });
    // A tag of a tag (peeled through to the commit) and a tag of a tree (not a release).
    repo.git("tag", "-a", "-m", "outer", "nested", "v1.0.0");
    repo.git("tag", "tree-tag", "HEAD^{tree}");
  });
  afterAll(() => repo.cleanup());

  it("lists annotated and lightweight tags with the commits they point at", async () => {
    const tags = await gitRepository(repo.dir).tags();
    const byName = Object.fromEntries(tags.map((t) => [t.name, t]));
    expect(byName["v1.0.0"]).toEqual({ name: "v1.0.0", commit: first, annotated: true });
    expect(byName["lightweight-1"]).toEqual({ name: "lightweight-1", commit: first, annotated: false });
    expect(byName["v1.0.1"]).toEqual({ name: "v1.0.1", commit: second, annotated: true });
    expect(byName["pkg@1.0.1"]).toEqual({ name: "pkg@1.0.1", commit: second, annotated: false });
    expect(byName["@scope/pkg@1.0.1"]).toEqual({ name: "@scope/pkg@1.0.1", commit: second, annotated: true });
    expect(byName["pkg-v1.0.1"]?.commit).toBe(second);
    expect(byName["release/2024-01"]).toEqual({ name: "release/2024-01", commit: second, annotated: true });
    expect(byName["nested"]).toEqual({ name: "nested", commit: first, annotated: true });
    expect(byName["tree-tag"]).toBeUndefined();
    expect(tags.filter((t) => t.commit === second).map((t) => t.name).sort()).toEqual(["@scope/pkg@1.0.1", "pkg-v1.0.1", "pkg@1.0.1", "release/2024-01", "v1.0.1"]);
  });

  it("keeps unicode tag names", async () => {
    repo.tag("release-ünïcode", { message: "u" });
    const tags = await gitRepository(repo.dir).tags();
    expect(tags.find((t) => t.name === "release-ünïcode")?.commit).toBe(second);
  });

  it("answers an empty list when there are no tags", async () => {
    const empty = createGitFixture();
    try {
      empty.commit("feat: x");
      expect(await gitRepository(empty.dir).tags()).toEqual([]);
    } finally {
      empty.cleanup();
    }
  });
});

describe("repository facts", () => {
  let repo: GitFixture;
  let c1: string;
  let c2: string;
  beforeAll(() => {
    repo = createGitFixture();
    c1 = repo.commit("feat: one", { files: { "package.json": '{"name":"x"}\n', "docs/ü.md": "ünï\r\n" } });
    c2 = repo.commit("fix: two", { files: { "package.json": '{"name":"y"}\n' } });
  });
  afterAll(() => repo.cleanup());

  it("resolves refs to full hashes, and names a missing ref", async () => {
    const g = gitRepository(repo.dir);
    expect(await g.resolve("HEAD")).toBe(c2);
    expect(await g.resolve("HEAD~1")).toBe(c1);
    expect(await g.resolve(c1.slice(0, 10))).toBe(c1);
    await expect(g.resolve("v0.0.0-missing")).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND", kind: "usage", message: expect.stringContaining('"v0.0.0-missing"') });
    await expect(g.resolve("--all")).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND" });
  });

  it("reads a file at a revision, undefined when absent, an error for a missing revision", async () => {
    const g = gitRepository(repo.dir);
    expect(await g.readFile("HEAD", "package.json")).toBe('{"name":"y"}\n');
    expect(await g.readFile(c1, "package.json")).toBe('{"name":"x"}\n');
    expect(await g.readFile("HEAD", "docs/ü.md")).toBe("ünï\r\n");
    expect(await g.readFile("HEAD", "missing.yml")).toBeUndefined();
    expect(await g.readFile("HEAD", "docs")).toBeUndefined();
    await expect(g.readFile("no-such-branch", "package.json")).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND" });
  });

  it("knows ancestry", async () => {
    const g = gitRepository(repo.dir);
    expect(await g.isAncestor(c1, c2)).toBe(true);
    expect(await g.isAncestor(c2, c1)).toBe(false);
    expect(await g.isAncestor(c2, c2)).toBe(true);
  });

  it("knows the branch, and a detached HEAD has none", async () => {
    const g = gitRepository(repo.dir);
    expect(await g.currentBranch()).toBe("main");
    repo.checkout(c1);
    try {
      expect(await g.currentBranch()).toBeUndefined();
    } finally {
      repo.checkout("main");
    }
  });

  it("reads the remote URL, undefined without one", async () => {
    const g = gitRepository(repo.dir);
    expect(await g.remoteUrl()).toBeUndefined();
    repo.git("remote", "add", "origin", "git@github.com:acme/widgets.git");
    repo.git("remote", "add", "upstream", "https://gitlab.com/group/sub/widgets.git");
    expect(await g.remoteUrl()).toBe("git@github.com:acme/widgets.git");
    expect(await g.remoteUrl("upstream")).toBe("https://gitlab.com/group/sub/widgets.git");
    expect(await g.remoteUrl("nope")).toBeUndefined();
  });

  it("answers the top level, the shallow flag and a ref's commit at once, from a subdirectory too", async () => {
    const g = gitRepository(join(repo.dir, "docs"));
    const root = await g.root();
    expect(await g.facts("HEAD")).toEqual({ root, shallow: false, commit: c2 });
    expect(await g.facts("HEAD~1")).toEqual({ root, shallow: false, commit: c1 });
    // A ref that names no commit leaves its commit to resolve(), which names the ref in its error.
    expect(await g.facts("v0.0.0-missing")).toEqual({ root, shallow: false, commit: undefined });
    expect(await g.facts("--all")).toEqual({ root, shallow: false, commit: undefined });
    expect(await g.facts("HEAD^{tree}")).toEqual({ root, shallow: false, commit: undefined });
  });

  it("answers facts before the first commit", async () => {
    const empty = createGitFixture();
    try {
      expect(await gitRepository(empty.dir).facts("HEAD")).toEqual({ root: await gitRepository(empty.dir).root(), shallow: false, commit: undefined });
    } finally {
      empty.cleanup();
    }
  });

  it("says clearly when the directory is not a repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relm-norepo-"));
    try {
      await expect(gitRepository(dir, { env: { ...gitEnv(), GIT_CEILING_DIRECTORIES: tmpdir() } }).isShallow()).rejects.toMatchObject({ code: "RELM_GIT_NOT_A_REPOSITORY", kind: "usage" });
      await expect(gitRepository(dir, { env: { ...gitEnv(), GIT_CEILING_DIRECTORIES: tmpdir() } }).facts("HEAD")).rejects.toMatchObject({ code: "RELM_GIT_NOT_A_REPOSITORY", kind: "usage" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("shallow clones", () => {
  it("detects a real shallow clone, and a full clone is not shallow", async () => {
    const origin = createGitFixture();
    try {
      for (let i = 0; i < 5; i++) origin.commit(`feat: ${i}`, { files: { [`f${i}.txt`]: String(i) } });
      const shallow = shallowClone(origin.dir, 1);
      try {
        expect(await gitRepository(shallow.dir).isShallow()).toBe(true);
        expect((await gitRepository(shallow.dir).facts("HEAD")).shallow).toBe(true);
        let n = 0;
        for await (const _ of gitRepository(shallow.dir).log({ to: "HEAD" })) n++;
        expect(n).toBe(1);
      } finally {
        shallow.cleanup();
      }
      expect(await gitRepository(origin.dir).isShallow()).toBe(false);
    } finally {
      origin.cleanup();
    }
  });
});

describe("createAnnotatedTag", () => {
  let repo: GitFixture;
  let c1: string;
  let c2: string;
  beforeAll(() => {
    repo = createGitFixture();
    c1 = repo.commit("feat: one");
    c2 = repo.commit("fix: two");
  });
  afterAll(() => repo.cleanup());

  it("creates an annotated tag with the message verbatim (Markdown headings survive)", async () => {
    const g = gitRepository(repo.dir, { env: gitEnv() });
    const message = "# v1.0.0\n\n## Features\n\n* one `$(rm -rf /)` ; echo pwned\n";
    expect(await g.createAnnotatedTag({ name: "v1.0.0", commit: c1, message })).toEqual({ created: true });
    expect(repo.git("cat-file", "-t", "v1.0.0")).toBe("tag");
    expect(repo.git("rev-parse", "v1.0.0^{commit}")).toBe(c1);
    expect(repo.git("tag", "-l", "--format=%(contents)", "v1.0.0")).toBe(message);
  });

  it("leaves the same tag on the same commit alone", async () => {
    const g = gitRepository(repo.dir, { env: gitEnv() });
    const before = repo.git("rev-parse", "v1.0.0");
    expect(await g.createAnnotatedTag({ name: "v1.0.0", commit: c1.slice(0, 12), message: "other text" })).toEqual({ created: false });
    expect(repo.git("rev-parse", "v1.0.0")).toBe(before);
  });

  it("refuses the same name on another commit", async () => {
    const g = gitRepository(repo.dir, { env: gitEnv() });
    const attempt = g.createAnnotatedTag({ name: "v1.0.0", commit: c2, message: "x" });
    await expect(attempt).rejects.toBeInstanceOf(TagConflictError);
    await expect(attempt).rejects.toMatchObject({ tag: "v1.0.0", existing: c1, wanted: c2 });
    expect(repo.git("rev-parse", "v1.0.0^{commit}")).toBe(c1);
  });

  it("treats an existing lightweight tag on the same commit as done", async () => {
    repo.tag("light", { commit: c2 });
    const g = gitRepository(repo.dir, { env: gitEnv() });
    expect(await g.createAnnotatedTag({ name: "light", commit: c2, message: "x" })).toEqual({ created: false });
  });

  it("rejects names git cannot store, and option-like names", async () => {
    const g = gitRepository(repo.dir, { env: gitEnv() });
    await expect(g.createAnnotatedTag({ name: "bad name..", commit: c2, message: "x" })).rejects.toMatchObject({ code: "RELM_GIT_BAD_TAG_NAME" });
    await expect(g.createAnnotatedTag({ name: "--delete", commit: c2, message: "x" })).rejects.toMatchObject({ code: "RELM_GIT_BAD_TAG_NAME" });
    expect(repo.git("tag", "-l")).not.toContain("bad");
  });

  it("creates scoped package tags", async () => {
    const g = gitRepository(repo.dir, { env: gitEnv() });
    expect(await g.createAnnotatedTag({ name: "@acme/widgets@2.0.0", commit: c2, message: "widgets 2.0.0" })).toEqual({ created: true });
    expect((await g.tags()).find((t) => t.name === "@acme/widgets@2.0.0")).toEqual({ name: "@acme/widgets@2.0.0", commit: c2, annotated: true });
  });
});

describe("isAncestor errors", () => {
  it("names a missing ref", async () => {
    const repo = createGitFixture();
    try {
      repo.commit("feat: x");
      await expect(gitRepository(repo.dir).isAncestor("v404", "HEAD")).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND", message: expect.stringContaining("v404") });
    } finally {
      repo.cleanup();
    }
  });
});

describe("a working directory that does not exist", () => {
  it("fails with a clear error from every kind of call, the streamed log included", async () => {
    const g = gitRepository(join(tmpdir(), "relm-no-such-dir", "x"));
    await expect(g.isShallow()).rejects.toMatchObject({ code: "RELM_GIT_MISSING", message: expect.stringContaining("relm-no-such-dir") });
    const read = async (): Promise<number> => {
      let n = 0;
      for await (const _ of g.log({ to: "HEAD" })) n++;
      return n;
    };
    await expect(read()).rejects.toMatchObject({ code: "RELM_GIT_MISSING" });
  });
});
