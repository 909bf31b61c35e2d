import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cabRuleSchema, approveRelease, fixedClock, RelmError, TagConflictError } from "@relm/core";
import { gitRepository } from "@relm/git";
import { createGitFixture, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";
import { detectForge, forgeFactories } from "../src/forges.ts";
import { localForge, parseApproverFlags, releaseFileName } from "../src/local-forge/index.ts";

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

function setup() {
  repo = createGitFixture();
  const first = repo.commit("feat: first", { files: { "a.txt": "a" } });
  const second = repo.commit("fix: second", { files: { "a.txt": "b" } });
  const git = gitRepository(repo.dir, { env: gitEnv() });
  return { dir: repo.dir, first, second, git };
}

describe("local forge", () => {
  it("makes annotated git tags, leaves an identical one alone and refuses to move one", async () => {
    const { dir, first, second, git } = setup();
    const forge = localForge({ git, root: dir });
    expect(await forge.tags.createTag({ name: "v1.0.0", commit: first, message: "1.0.0\n\n# Notes\n" })).toEqual({ created: true });
    expect(repo?.git("cat-file", "-t", "v1.0.0")).toBe("tag");
    expect(repo?.git("tag", "-l", "--format=%(contents)", "v1.0.0")).toBe("1.0.0\n\n# Notes\n");
    expect(await forge.tags.createTag({ name: "v1.0.0", commit: first, message: "again" })).toEqual({ created: false });
    await expect(forge.tags.createTag({ name: "v1.0.0", commit: second, message: "moved" })).rejects.toBeInstanceOf(TagConflictError);
  });

  it("keeps release notes as Markdown files under .relm/releases, upserted", async () => {
    const { dir, git } = setup();
    const forge = localForge({ git, root: dir });
    const first = await forge.releases.upsertRelease({ tag: "api/v1.0.0", name: "api 1.0.0", notes: "- a\n" });
    expect(first.created).toBe(true);
    const file = join(dir, ".relm/releases", releaseFileName("api/v1.0.0"));
    expect(file.endsWith("api%2Fv1.0.0.md")).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("# api 1.0.0\n\n- a\n");
    const again = await forge.releases.upsertRelease({ tag: "api/v1.0.0", name: "api 1.0.0", notes: "- a\n- b\n", prerelease: true });
    expect(again.created).toBe(false);
    expect(readFileSync(file, "utf8")).toBe("# api 1.0.0 (prerelease)\n\n- a\n- b\n");
    expect(existsSync(join(dir, ".relm/releases/api"))).toBe(false);
  });

  it("turns --approve flags into evidence the CAB rule judges, with groups from the configuration", async () => {
    const { dir, git } = setup();
    const clock = fixedClock(new Date("2026-01-02T03:04:05Z"));
    const forge = localForge({ git, root: dir, approvers: ["alice", "erin", "mallory"], groups: { "local/cab": ["Erin"] }, clock });
    const result = await approveRelease(
      { environment: "production", rule: cabRuleSchema.parse({ users: ["alice"], groups: ["local/cab"], quorum: 2 }), commits: [] },
      { approvals: forge.approvals ?? { approvals: async () => [] }, ...(forge.members ? { members: forge.members } : {}), clock },
    );
    expect(result.evidence[0]).toEqual({ user: "alice", decision: "approved", at: "2026-01-02T03:04:05.000Z", source: "cli" });
    expect(result.verdict.valid).toBe(true);
    expect(result.verdict.ignored.map((i) => [i.user, i.reason])).toEqual([["mallory", "not-cab-member"]]);
  });

  it("says once per group that a CAB group cannot be resolved locally", async () => {
    const { dir, git } = setup();
    const told: string[] = [];
    const forge = localForge({ git, root: dir, onUnknownGroup: (g) => told.push(g) });
    expect(await forge.members?.isMember("alice", "acme/cab")).toBe(false);
    expect(await forge.members?.isMember("bob", "ACME/cab")).toBe(false);
    expect(told).toEqual(["acme/cab"]);
  });

  it("refuses an --approve value that is not a login", () => {
    expect(parseApproverFlags(["alice", "bob.b", "c_d-e"])).toEqual(["alice", "bob.b", "c_d-e"]);
    for (const bad of ["", "-alice", "alice bob", "$(id)", "::error::x", "a\nb"]) {
      expect(() => parseApproverFlags([bad]), JSON.stringify(bad)).toThrow(RelmError);
    }
  });

  it("is the factory for --forge local, and an unknown --forge is a usage error", async () => {
    const { dir, git } = setup();
    const forge = await forgeFactories.local?.({ cwd: dir, env: {}, git });
    expect(forge?.kind).toBe("local");
    expect(detectForge({ GITHUB_ACTIONS: "true" })).toBe("github");
    expect(detectForge({ GITHUB_ACTIONS: "true" }, "local")).toBe("local");
    expect(() => detectForge({}, "bitbucket")).toThrow(expect.objectContaining({ code: "RELM_FORGE_UNKNOWN", kind: "usage" }));
  });
});
