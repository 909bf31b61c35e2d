import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig, planRelease } from "../src/index.ts";
import type { RawCommit } from "../src/ports/git.ts";
import { readEarly } from "../src/usecases/early-read.ts";
import { MemoryGit } from "./support/memory-git.ts";

const id = (raw: RawCommit): string => raw.hash;

describe("readEarly", () => {
  it("tells from the range itself whether its lower end is reachable, as git's ancestry check does", async () => {
    // Random histories: each commit has up to two parents among the earlier ones.
    const histories = fc.array(fc.array(fc.nat(), { maxLength: 2 }), { minLength: 2, maxLength: 25 });
    await fc.assert(
      fc.asyncProperty(histories, fc.nat(), fc.nat(), async (shape, a, b) => {
        const git = new MemoryGit();
        const hashes: string[] = [];
        for (const [i, picks] of shape.entries()) {
          const parents = i === 0 ? [] : [...new Set(picks.map((p) => hashes[p % i] ?? ""))];
          hashes.push(git.commit({ message: `feat: c${i}`, parents }));
        }
        const to = hashes[a % hashes.length] ?? "";
        const from = hashes[b % hashes.length] ?? "";
        if (from === to) return;
        const early = readEarly(git.log({ to, from }), from, id);
        expect(await early.reachesFrom()).toBe(await git.isAncestor(from, to));
        const range: string[] = [];
        for await (const raw of git.log({ to, from })) range.push(raw.hash);
        expect(await early.take(from)).toEqual(range);
      }),
    );
  });

  it("leaves the question to git when the range is long, the read failed or it was dropped", async () => {
    const git = new MemoryGit();
    const root = git.commit("feat: root");
    for (let i = 0; i < 600; i++) git.commit(`fix: ${i}`);
    expect(await readEarly(git.log({ to: git.head, from: root }), root, id).reachesFrom()).toBeUndefined();

    async function* failing(): AsyncGenerator<RawCommit> {
      yield* git.log({ to: git.head, from: git.head });
      throw new Error("git log failed");
    }
    const failed = readEarly(failing(), root, id);
    expect(await failed.reachesFrom()).toBeUndefined();
    await expect(failed.take(root)).rejects.toThrow("git log failed");

    let stopped = false;
    async function* endless(): AsyncGenerator<RawCommit> {
      try {
        for (;;) {
          yield* git.log({ to: git.head, from: root });
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      } finally {
        stopped = true;
      }
    }
    const dropped = readEarly(endless(), root, id);
    expect(await dropped.take("another lower end")).toBeUndefined();
    expect(await dropped.reachesFrom()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(true);
  });
});

describe("planRelease reads one package's range early", () => {
  const config = loadConfig("{}").config;

  it("asks git nothing more when the highest tag is reachable", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("fix: a bug");
    git.commit("Update README");
    let checks = 0;
    const isAncestor = git.isAncestor.bind(git);
    git.isAncestor = async (a, d) => {
      checks++;
      return isAncestor(a, d);
    };
    const plan = await planRelease({ git }, { config });
    expect(checks).toBe(0);
    expect(plan.packages[0]?.next?.version).toBe("1.0.1");
    expect(plan.commitCount).toBe(2);
    expect(plan.nonConventional.count).toBe(1);
  });

  it("drops the early range when the highest tag is on an unmerged branch, and counts only the range kept", async () => {
    const git = new MemoryGit();
    const first = git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("feat: experiment");
    git.commit("Experiment notes");
    git.tag("v9.0.0"); // never merged
    git.head = first;
    git.commit("fix: on main");
    git.commit("Update README on main");
    const plan = await planRelease({ git }, { config });
    expect(plan.packages[0]?.previous?.tag).toBe("v1.0.0");
    expect(plan.packages[0]?.next?.version).toBe("1.0.1");
    expect(plan.packages[0]?.commits.map((c) => c.subject)).toEqual(["fix: on main"]);
    expect(plan.commitCount).toBe(2);
    expect(plan.nonConventional.commits.map((c) => c.subject)).toEqual(["Update README on main"]);
  });

  it("a tag on the target itself is reachable: nothing to release", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    const plan = await planRelease({ git }, { config });
    expect(plan).toMatchObject({ released: false, reason: "already released as 1.0.0 (v1.0.0)" });
  });
});
