import { describe, expect, it } from "vitest";
import { loadConfig, planRelease, type PlanRequest } from "../src/index.ts";
import { MemoryGit } from "./support/memory-git.ts";

const plan = (git: MemoryGit, over: Partial<PlanRequest> = {}, yaml = "{}") => planRelease({ git }, { config: loadConfig(yaml).config, ...over });

/** v1.0.0 (feat) - v1.1.0 (feat) - fix at HEAD. */
function history(): { git: MemoryGit; first: string; second: string } {
  const git = new MemoryGit();
  const first = git.commit("feat: first");
  git.tag("v1.0.0");
  const second = git.commit("feat: second");
  git.tag("v1.1.0");
  git.commit("fix: third");
  return { git, first, second };
}

describe("planRelease: the range's ends", () => {
  it("--from sets the base version: the release as of that commit, not the one before the target", async () => {
    const { git, first } = history();
    expect((await plan(git)).packages[0]?.next?.version).toBe("1.1.1");
    const fromTag = await plan(git, { from: "v1.0.0" });
    expect(fromTag.packages[0]?.previous).toMatchObject({ version: "1.0.0", tag: "v1.0.0" });
    expect(fromTag.packages[0]?.commits.map((c) => c.subject)).toEqual(["fix: third", "feat: second"]);
    expect(fromTag.packages[0]?.next?.version).toBe("1.1.0");
    // The version it repeats is already someone else's tag: the plan says so before a tag step fails.
    expect(fromTag.warnings.join("\n")).toMatch(/v1\.1\.0 already names commit/);
    // A commit that is no tag: the base is the release it contains.
    const fromCommit = await plan(git, { from: first });
    expect(fromCommit.packages[0]?.previous?.version).toBe("1.0.0");
  });

  it("a tagged target is already released: exit-0 data, no next version, even when --from widens the range", async () => {
    const { git } = history();
    const atTag = await plan(git, { to: "v1.1.0" });
    expect(atTag).toMatchObject({ released: false, reason: "already released as 1.1.0 (v1.1.0)" });
    expect(atTag.packages[0]?.alreadyReleased).toEqual({ version: "1.1.0", tag: "v1.1.0" });
    expect(atTag.packages[0]?.next).toBeUndefined();
    const widened = await plan(git, { from: "v1.0.0", to: "v1.1.0" });
    expect(widened.packages[0]).toMatchObject({ released: false, alreadyReleased: { version: "1.1.0" } });
    expect(widened.warnings).toEqual([]);
  });

  it("a prerelease tag on the target counts only on its channel", async () => {
    const git = new MemoryGit();
    git.commit("feat: first");
    git.tag("v1.0.0");
    git.commit("feat: second");
    git.tag("v1.1.0-rc.1");
    const stable = await plan(git);
    expect(stable.packages[0]).toMatchObject({ released: true, next: { version: "1.1.0" } });
    const rc = await plan(git, { channel: "rc" });
    expect(rc.packages[0]).toMatchObject({ released: false, alreadyReleased: { version: "1.1.0-rc.1" } });
  });

  it("a monorepo names each package the target already released", async () => {
    const git = new MemoryGit();
    git.commit({ message: "feat(a): one", files: ["packages/a/x.ts"] });
    git.commit({ message: "feat(b): one", files: ["packages/b/x.ts"] });
    git.tag("a@1.0.0");
    git.tag("b@1.0.0");
    const yaml = "packages:\n  - { name: a, path: packages/a }\n  - { name: b, path: packages/b }\n";
    const p = await plan(git, {}, yaml);
    expect(p.released).toBe(false);
    expect(p.reason).toBe("already released: a 1.0.0, b 1.0.0");
  });
});
