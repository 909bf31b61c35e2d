// End to end: `branches` in .relm.yml against real git repositories (prerelease, channel, maintenance).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface PlanJson {
  released: boolean;
  channel?: string;
  branch?: { branch: string; kind: string; prerelease?: string; channel?: string; range?: string };
  packages: Array<{ next?: { version: string; tag: string } }>;
}

const POLICY = "branches:\n  - main\n  - name: next\n    prerelease: true\n  - name: beta\n    prerelease: beta\n    channel: beta\n  - 1.x\n";

function plan(dir: string): PlanJson {
  const { code, json, stderr } = runRelmJson<PlanJson>(["plan", "--json", "--cwd", dir]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return json;
}

describe("branches and channels", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture({ branch: "main" });
    repo.commit("feat: first", { files: { ".relm.yml": POLICY, "a.ts": "1" } });
    repo.tag("v1.4.0", { message: "v1.4.0" });
    repo.branch("1.x");
  });
  afterAll(() => repo.cleanup());

  it("a prerelease branch counts X.Y.Z-next.N from its own tags", () => {
    repo.branch("next");
    repo.checkout("next");
    repo.commit("feat!: new api", { files: { "b.ts": "1" } });
    const first = plan(repo.dir);
    expect(first.branch).toEqual({ branch: "next", kind: "prerelease", prerelease: "next" });
    expect(first.packages[0]?.next?.version).toBe("2.0.0-next.1");
    repo.tag("v2.0.0-next.1", { message: "v2.0.0-next.1" });
    repo.commit("fix: tweak", { files: { "b.ts": "2" } });
    expect(plan(repo.dir).packages[0]?.next?.version).toBe("2.0.0-next.2");
  });

  it("a prerelease branch with an id and a channel", () => {
    repo.checkout("main");
    repo.branch("beta");
    repo.checkout("beta");
    repo.commit("feat: beta thing", { files: { "c.ts": "1" } });
    const json = plan(repo.dir);
    expect(json.branch).toEqual({ branch: "beta", kind: "prerelease", prerelease: "beta", channel: "beta" });
    expect(json.packages[0]?.next?.version).toBe("1.5.0-beta.1");
  });

  it("a maintenance branch releases inside its range after 2.0.0 exists, and refuses a major", () => {
    repo.checkout("main");
    repo.commit("feat!: two", { files: { "d.ts": "1" } });
    repo.tag("v2.0.0", { message: "v2.0.0" });
    repo.checkout("1.x");
    repo.commit("fix: backport", { files: { "a.ts": "2" } });
    const json = plan(repo.dir);
    expect(json.branch).toEqual({ branch: "1.x", kind: "maintenance", range: "1.x" });
    expect(json.packages[0]?.next?.version).toBe("1.4.1");
    repo.commit("feat!: breaks the line", { files: { "a.ts": "3" } });
    const refused = runRelm(["plan", "--json", "--cwd", repo.dir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(/RELM_BRANCH_RANGE[\s\S]*1\.x[\s\S]*2\.0\.0/);
  });

  it("a branch the list does not name releases nothing", () => {
    repo.checkout("main");
    repo.branch("topic");
    repo.checkout("topic");
    const run = runRelm(["plan", "--cwd", repo.dir]);
    expect(run.stdout + run.stderr).toContain("RELM_BRANCH_NOT_RELEASED");
  });

  it("policy check names .relm.yml:line for an ambiguous list and a bad range", () => {
    repo.checkout("main");
    repo.commit("chore: bad policy", { files: { ".relm.yml": "branches:\n  - main\n  - release/*\n  - release/1\n  - name: old\n    range: not-a-range\n" } });
    const run = runRelm(["policy", "check", "--cwd", repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/\.relm\.yml:4/);
    expect(run.stdout + run.stderr).toMatch(/\.relm\.yml:6/);
  });
});
