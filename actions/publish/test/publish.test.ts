import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  repo.commit("feat: first", { files: { ".relm.yml": "approval:\n  quorum: 1\n  users: [carol]\n" } });
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat: the export endpoint");
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
  // The CAB's approval of this run's environment: tag and publish judge it again themselves.
  fake.state.runApprovals.set("77", [{ environment: "release", state: "approved", user: "carol", comment: "ship" }]);
  mkdirSync(join(repo.dir, "dist"));
  writeFileSync(join(repo.dir, "dist", "app.tgz"), "the app");
  writeFileSync(join(repo.dir, "dist", "cli.tgz"), "the cli");
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const step = (action: string, inputs: Record<string, string>) =>
  runBundledAction({ action, workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), runId: "77", inputs });

it("publishes the tagged release's artifacts and record, with the sign-off GitHub shows, to GitHub Release assets", async () => {
  const tagged = await step("tag", {});
  expect(tagged.code).toBe(0);
  // The publish job's checkout has the tag the tag job made.
  repo.git("tag", "-a", "v1.1.0", "-m", "1.1.0", repo.head());
  const approvals = JSON.stringify({ valid: true, counted: [{ user: "carol", decision: "approved", at: "2026-03-01T12:00:00Z", source: "environment", via: "user" }], rejections: [], ignored: [] });
  const run = await step("publish", { registry: "github-release:", artifacts: "dist/*.tgz", approvals });
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs.version).toBe("1.1.0");
  expect(run.outputs["record-digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(run.outputs.registry).toBe("github-release:octo-org/app");
  const store = fake.state.releases.find((r) => r.tag === "relm-registry");
  const record = JSON.parse(store?.assets.find((a) => a.name === "record-1.1.0.json")?.data.toString("utf8") ?? "{}") as Record<string, unknown>;
  expect(record).toMatchObject({ version: "1.1.0", tag: "v1.1.0", commit: repo.head(), range: { from: "v1.0.0" }, environment: "release", approval: { valid: true, assurance: "forge", evidence: [{ user: "carol", comment: "ship" }] }, pipeline: { provider: "github", id: "77" } });
  expect((record.artifacts as { name: string }[]).map((a) => a.name)).toEqual(["dist/app.tgz", "dist/cli.tgz", "provenance.intoto.json"]);
  expect(String(record.notes)).toContain("the export endpoint");
  expect(store?.assets.some((a) => a.name === "SHA256SUMS-1.1.0.txt")).toBe(true);
  expect(run.summary).toContain(run.outputs["record-digest"]);
});

it("fails naming the input when an artifact pattern matches nothing", async () => {
  const run = await step("publish", { artifacts: "dist/*.zip" });
  expect(run.code).toBe(2);
  expect(run.stdout).toContain(`input artifacts: no file matches "dist/*.zip"`);
});

it("a publish cut off by GitHub after its record is finished by re-running the job, never duplicated", async () => {
  expect((await step("tag", {})).code).toBe(0);
  repo.git("tag", "-a", "v1.1.0", "-m", "1.1.0", repo.head());
  const head = { status: 502, query: { name: /^head/ } };
  fake.fault("POST /repos/{owner}/{repo}/releases/{release_id}/assets", head, head, head);
  const failed = await step("publish", { registry: "github-release:", artifacts: "dist/app.tgz" });
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain("RELM_GITHUB_REQUEST");
  expect(failed.stdout).toContain("POST /repos/{owner}/{repo}/releases/{release_id}/assets");

  const rerun = await step("publish", { registry: "github-release:", artifacts: "dist/app.tgz" });
  expect(rerun.stdout).not.toContain("::error");
  expect(rerun.code).toBe(0);
  const store = fake.state.releases.find((r) => r.tag === "relm-registry");
  const names = store?.assets.map((a) => a.name) ?? [];
  expect(names.filter((n) => n === "record-1.1.0.json")).toHaveLength(1);
  expect(names.filter((n) => n.startsWith("head"))).toEqual(["head-000000001.json"]);
  expect(names).toContain("SHA256SUMS-1.1.0.txt");
  const record = store?.assets.find((a) => a.name === "record-1.1.0.json")?.data.toString("utf8") ?? "";
  expect(JSON.parse(store?.assets.find((a) => a.name === "head-000000001.json")?.data.toString("utf8") ?? "{}")).toMatchObject({ sequence: 1, version: "1.1.0", digest: rerun.outputs["record-digest"] });
  expect(record).toContain("dist/app.tgz");
});
