import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gitRepository } from "@relm/git";
import { createGitFixture, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";

describe("commitPaths", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: init", { files: { "a.txt": "1\n", "b.txt": "1\n", ".gitignore": "ignored.lock\n", "sub/[x].txt": "1\n" } });
  });
  afterAll(() => repo.cleanup());

  it("commits only the paths it is given, the message verbatim, from a subdirectory too", async () => {
    writeFileSync(join(repo.dir, "a.txt"), "2\n");
    writeFileSync(join(repo.dir, "b.txt"), "2\n");
    writeFileSync(join(repo.dir, "sub/[x].txt"), "2\n");
    writeFileSync(join(repo.dir, "new.md"), "# new\n");
    writeFileSync(join(repo.dir, "ignored.lock"), "x\n");
    repo.git("add", "b.txt");
    const git = gitRepository(join(repo.dir, "sub"), { env: gitEnv() });
    const hash = await git.commitPaths(["a.txt", "new.md", "ignored.lock", "sub/[x].txt"], "chore(release): 1.2.0\n\n# kept, not a comment\n");
    expect(hash).toBe(repo.head());
    expect(repo.git("log", "-1", "--format=%B")).toBe("chore(release): 1.2.0\n\n# kept, not a comment\n");
    expect(repo.git("show", "--name-only", "--format=", "HEAD").split("\n").sort()).toEqual(["a.txt", "new.md", "sub/[x].txt"]);
    // The staged file stays staged and out of the commit; the ignored one stays untracked.
    expect(repo.git("status", "--porcelain", "--ignored")).toBe("M  b.txt\n!! ignored.lock");
  });

  it("makes no commit when nothing differs from HEAD", async () => {
    const before = repo.head();
    const git = gitRepository(repo.dir, { env: gitEnv() });
    expect(await git.commitPaths(["a.txt", "new.md"], "chore(release): again\n")).toBeUndefined();
    expect(repo.head()).toBe(before);
  });
});
