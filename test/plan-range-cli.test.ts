import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface VersionJson {
  released: boolean;
  reason?: string;
  version?: string;
  alreadyReleased?: { version: string; tag: string; unfinished?: string[] };
}

describe("the range's ends on the command line", () => {
  let repo: GitFixture;
  // CI variables would pick another forge: the local one is what this repository's run uses.
  const env = { GITHUB_ACTIONS: "", GITLAB_CI: "" };
  beforeEach(() => {
    repo = createGitFixture();
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat: second");
    repo.tag("v1.1.0");
    repo.commit("fix: third");
  });
  afterEach(() => repo.cleanup());

  it("--from sets the base version", () => {
    expect(runRelm(["version", "--cwd", repo.dir], { env }).stdout).toBe("1.1.1\n");
    const from = runRelm(["version", "--cwd", repo.dir, "--from", "v1.0.0"], { env });
    expect(from.stdout).toBe("1.1.0\n");
  });

  it("a tagged target says 'already released as', exits 0, names what the release lacks, and `relm release` finishes it", () => {
    const text = runRelm(["version", "--cwd", repo.dir, "--to", "v1.1.0"], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toBe("");
    expect(text.stderr).toContain("already released as 1.1.0 (v1.1.0)");
    // Even a --from that widens the range does not plan "the version after it".
    const widened = runRelmJson<VersionJson>(["version", "--json", "--cwd", repo.dir, "--from", "v1.0.0", "--to", "v1.1.0"], { env });
    expect(widened.code).toBe(0);
    expect(widened.json).toMatchObject({ released: false, reason: "already released as 1.1.0 (v1.1.0)", alreadyReleased: { version: "1.1.0", tag: "v1.1.0" } });
    expect(widened.json.version).toBeUndefined();
    expect(widened.json.alreadyReleased?.unfinished).toEqual(["its local Release", "its record in file:.relm/registry"]);

    repo.checkout("v1.1.0");
    const plan = runRelm(["plan", "--cwd", repo.dir], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No release needed: already released as 1.1.0 (v1.1.0).");
    expect(plan.stdout).toMatch(/v1\.1\.0 is tagged but its release is unfinished: it lacks its local Release and its record in file:\.relm\/registry; `relm release` at this commit completes it/);

    const release = runRelm(["release", "--cwd", repo.dir], { env });
    expect(release.code, release.stderr).toBe(0);
    expect(release.stdout).toContain("finished the release an earlier run started");
    const after = runRelmJson<{ warnings: string[]; packages: Array<{ alreadyReleased?: { unfinished?: string[] } }> }>(["plan", "--json", "--cwd", repo.dir], { env });
    expect(after.json.packages[0]?.alreadyReleased).toEqual({ version: "1.1.0", tag: "v1.1.0" });
    expect(after.json.warnings).toEqual([]);
  });
});
