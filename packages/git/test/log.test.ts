import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawCommit } from "@relm/core";
import { gitRepository } from "@relm/git";
import { createGitFixture, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";
import { generateHistory } from "../../../test/support/generate-history.ts";

async function collect(it: AsyncIterable<RawCommit>): Promise<RawCommit[]> {
  const out: RawCommit[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe("log: messages come back byte for byte", () => {
  let repo: GitFixture;
  const messages = {
    crlf: "fix(parser): handle CRLF\r\n\r\nBody line one\r\nBody line two\r\n\r\nCloses #12\r\n",
    unicode: "feat(ü): ünïcödé 🚀 — 日本語の説明\n\n本文 with emoji 👍🏽 and RTL שלום\n",
    long: `feat: a very long message\n\n${"lorem ipsum dolor sit amet ".repeat(400)}\n\nBREAKING CHANGE: everything\n`,
    empty: "",
    separators: "fix: message holding \x1e record and \x1f unit separators\n\nand % format %H codes %x00\n",
    footers: "feat(api)!: drop v1\n\nParagraph one.\n\nParagraph two.\n\nBREAKING-CHANGE: v1 is gone\nRelease-As: 2.0.0\nRefs: #1, #2\n",
  };
  const hashes: Record<string, string> = {};

  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: init", { files: { "README.md": "hi\n" } });
    for (const [name, message] of Object.entries(messages)) hashes[name] = repo.commit(message, { files: { [`${name}.txt`]: name } });
  });
  afterAll(() => repo.cleanup());

  it("streams every commit newest first with its exact message", async () => {
    const commits = await collect(gitRepository(repo.dir).log({ to: "HEAD" }));
    expect(commits).toHaveLength(Object.keys(messages).length + 1);
    expect(commits.map((c) => c.hash).slice(0, 6).reverse()).toEqual(Object.keys(messages).map((k) => hashes[k]));
    for (const [name, message] of Object.entries(messages)) {
      const c = commits.find((x) => x.hash === hashes[name]);
      expect(c?.message, name).toBe(message);
    }
    expect(messages.long.length).toBeGreaterThan(10_000);
  });

  it("gives authors, ISO dates and parents", async () => {
    const [head, prev] = await collect(gitRepository(repo.dir).log({ to: "HEAD" }));
    expect(head?.authorName).toBe("Relm Test");
    expect(head?.authorEmail).toBe("test@example.invalid");
    expect(head?.authorDate).toMatch(/^2024-01-01T00:0\d:00\+00:00$/);
    expect(head?.parents).toEqual([prev?.hash]);
    const all = await collect(gitRepository(repo.dir).log({ to: "HEAD" }));
    expect(all.at(-1)?.parents).toEqual([]);
  });

  it("lists the changed paths when asked, and only then", async () => {
    const g = gitRepository(repo.dir);
    const withFiles = await collect(g.log({ to: "HEAD", withFiles: true }));
    expect(withFiles.find((c) => c.hash === hashes.crlf)?.files).toEqual(["crlf.txt"]);
    expect(withFiles.find((c) => c.hash === hashes.empty)?.files).toEqual(["empty.txt"]);
    expect(withFiles.find((c) => c.hash === hashes.unicode)?.message).toBe(messages.unicode);
    const without = await collect(g.log({ to: "HEAD" }));
    expect(without[0]?.files).toBeUndefined();
  });

  it("takes a range: from is exclusive", async () => {
    const commits = await collect(gitRepository(repo.dir).log({ from: hashes.unicode, to: "HEAD" }));
    expect(commits.map((c) => c.hash)).toEqual([hashes.footers, hashes.separators, hashes.empty, hashes.long]);
  });

  it("restricts to paths", async () => {
    const commits = await collect(gitRepository(repo.dir).log({ to: "HEAD", paths: ["long.txt", "README.md"], withFiles: true }));
    expect(commits.map((c) => c.files)).toEqual([["long.txt"], ["README.md"]]);
  });

  it("lists every path a commit changes when paths pick the commits", async () => {
    const f = createGitFixture();
    try {
      f.commit("feat: both", { files: { "packages/a/x.ts": "1", "packages/b/x.ts": "1" } });
      f.commit("fix: b only", { files: { "packages/b/y.ts": "1" } });
      const commits = await collect(gitRepository(f.dir, { env: gitEnv() }).log({ to: "HEAD", paths: ["packages/a"], withFiles: true }));
      expect(commits.map((c) => c.files)).toEqual([["packages/a/x.ts", "packages/b/x.ts"]]);
    } finally {
      f.cleanup();
    }
  });

  it("names a missing ref, and treats a ref that looks like an option as a ref", async () => {
    const g = gitRepository(repo.dir);
    await expect(collect(g.log({ to: "HEAD", from: "v9.9.9" }))).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND", message: expect.stringContaining('"v9.9.9"') });
    await expect(collect(g.log({ to: "--output=/tmp/pwned" }))).rejects.toMatchObject({ code: "RELM_GIT_REF_NOT_FOUND" });
  });
});

describe("log: merges and files", () => {
  it("lists a merge's paths against its first parent, and the branch's commits with their own", async () => {
    const repo = createGitFixture();
    try {
      repo.commit("chore: init", { files: { "a.txt": "1" } });
      repo.branch("topic");
      const t1 = repo.commit("feat: one", { files: { "packages/x/one.ts": "1" } });
      const t2 = repo.commit("fix: two", { files: { "packages/y/two.ts": "2" } });
      repo.checkout("main");
      const m1 = repo.commit("docs: main side", { files: { "docs.md": "d" } });
      const merge = repo.merge("topic", "Merge branch 'topic'");
      const commits = await collect(gitRepository(repo.dir).log({ to: "HEAD", withFiles: true }));
      const byHash = new Map(commits.map((c) => [c.hash, c]));
      expect(byHash.get(merge)?.parents).toEqual([m1, t2]);
      expect(byHash.get(merge)?.files).toEqual(["packages/x/one.ts", "packages/y/two.ts"]);
      expect(byHash.get(t1)?.files).toEqual(["packages/x/one.ts"]);
      expect(byHash.get(t2)?.files).toEqual(["packages/y/two.ts"]);
      expect(commits).toHaveLength(5);
    } finally {
      repo.cleanup();
    }
  });

  it("lists both sides of a rename (no rename detection) and deletions", async () => {
    const repo = createGitFixture();
    try {
      repo.commit("chore: init", { files: { "packages/a/file.ts": "content that is long enough to be a rename\n".repeat(5) } });
      repo.commit("refactor: move", { files: { "packages/b/file.ts": "content that is long enough to be a rename\n".repeat(5) }, remove: ["packages/a/file.ts"] });
      const [head] = await collect(gitRepository(repo.dir).log({ to: "HEAD", withFiles: true }));
      expect(head?.files?.sort()).toEqual(["packages/a/file.ts", "packages/b/file.ts"]);
    } finally {
      repo.cleanup();
    }
  });
});

describe("log: streaming a long history", () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(mkdtempSync(join(tmpdir(), "relm-long-")), "repo");
    await generateHistory(dir, { commits: 3000, bodyBytes: 2000, releaseEvery: 0 });
  });
  afterAll(() => rmSync(join(dir, ".."), { recursive: true, force: true }));

  it("reads the whole history", async () => {
    let n = 0;
    let files = 0;
    for await (const c of gitRepository(dir, { env: gitEnv() }).log({ to: "HEAD", withFiles: true })) {
      n++;
      files += c.files?.length ?? 0;
      expect(c.hash).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(n).toBe(3000);
    expect(files).toBeGreaterThanOrEqual(3000);
  });

  it("stops git when the consumer stops early", async () => {
    const children: ChildProcess[] = [];
    const g = gitRepository(dir, { onSpawn: (child) => children.push(child) });
    const seen: string[] = [];
    for await (const c of g.log({ to: "HEAD" })) {
      seen.push(c.hash);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
    expect(children).toHaveLength(1);
    const child = children[0]!;
    if (child.exitCode === null && child.signalCode === null) await once(child, "close");
    // 6 MB of log cannot fit in a pipe: git only ends early because it was stopped (the closed
    // pipe or the kill, whichever reaches it first), never by finishing. Git that meets the closed
    // pipe first reports it itself (exit 128 "unable to write" or 141) instead of dying by signal.
    expect(child.killed).toBe(true);
    expect(child.exitCode).not.toBe(0);
    if (child.signalCode !== null) expect(["SIGTERM", "SIGPIPE"]).toContain(child.signalCode);
  });
});
