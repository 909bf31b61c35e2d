// End to end: a pnpm workspace (pnpm-workspace.yaml, no `workspaces` in package.json) of three
// packages, one depending on another, prepared and released as the plan showed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { appManifest, pnpmWorkspaceFixture } from "./support/pnpm-workspace-fixture.ts";
import { read, type PrepareJson } from "./support/prepare-run.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

describe("relm prepare on a pnpm workspace", () => {
  let repo: GitFixture;
  const app = appManifest;
  beforeAll(() => {
    repo = pnpmWorkspaceFixture();
  });
  afterAll(() => repo.cleanup());

  it("finds the packages from pnpm-workspace.yaml and plans each from its own tags", () => {
    const { code, json: plan } = runRelmJson<{ packages: Array<{ name: string; next?: { version: string } }> }>(["plan", "--json", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(plan.packages.map((p) => `${p.name}@${p.next?.version ?? "-"}`).sort()).toEqual(["@shop/app@3.2.1", "@shop/core@1.5.0", "@shop/ui@0.9.1"]);
  });

  it("writes the versions, the dependent's range and each package's changelog, and commits them", () => {
    const { code, json: out, stderr } = runRelmJson<PrepareJson>(["prepare", "--commit", "--cwd", repo.dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(out.versions.map((v) => `${v.name}@${v.version}`)).toEqual(["@shop/app@3.2.1", "@shop/core@1.5.0", "@shop/ui@0.9.1"]);
    expect(JSON.parse(read(repo, "packages/core/package.json"))).toEqual({ name: "@shop/core", version: "1.5.0" });
    // `workspace:*` is pnpm's to resolve at publish; a caret range moves to the released version.
    expect(JSON.parse(read(repo, "apps/app/package.json"))).toEqual({ ...app, version: "3.2.1", dependencies: { "@shop/core": "^1.5.0", "@shop/ui": "workspace:*" } });
    expect(read(repo, "packages/core/CHANGELOG.md")).toContain("price rounding");
    expect(read(repo, "packages/core/CHANGELOG.md")).not.toContain("button focus");
    expect(read(repo, "packages/ui/CHANGELOG.md")).toContain("button focus");
    expect(read(repo, "apps/app/CHANGELOG.md")).toContain("updated `@shop/core` to 1.5.0");
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(repo.git("log", "-1", "--format=%s")).toBe("chore(release): @shop/app@3.2.1, @shop/core@1.5.0, @shop/ui@0.9.1");
  });

  it("then releases exactly the versions the release commit shows", () => {
    const run = runRelm(["release", "--cwd", repo.dir, "--approve", "alice"]);
    expect(run.code, run.stderr).toBe(0);
    expect(repo.git("tag", "--points-at", "HEAD").split("\n").sort()).toEqual(["@shop/app@3.2.1", "@shop/core@1.5.0", "@shop/ui@0.9.1"]);
    expect(runRelm(["version", "--cwd", repo.dir]).stdout).toBe("");
  });
});
