// The step actions one job after another (approve, tag, publish), as a workflow with its own jobs
// would run them: tag and publish judge the CAB sign-off again from GitHub, so a forged `approvals`
// input or a job without the environment's approval makes nothing public.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { runBundledAction } from "./support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  repo.commit("feat: first", { files: { ".relm.yml": "approval:\n  quorum: 1\n  users: [carol]\nregistry:\n  url: \"github-release:\"\n" } });
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat: the export endpoint");
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
  mkdirSync(join(repo.dir, "dist"));
  writeFileSync(join(repo.dir, "dist", "app.tgz"), "the app");
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const step = (action: string, inputs: Record<string, string>, runId = "2001") =>
  runBundledAction({ action, workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), runId, inputs });
const records = () => (fake.state.releases.find((r) => r.tag === "relm-registry")?.assets ?? []).map((a) => a.name).filter((a) => /^record-\d/.test(a));
const forged = JSON.stringify({ environment: "production", valid: true, quorum: 1, counted: [{ user: "mallory", decision: "approved", at: "2020-01-01T00:00:00Z", source: "environment" }], rejections: [], ignored: [] });

it("the tag step without the environment's approval on this run tags nothing", async () => {
  const tag = await step("tag", { environment: "production" });
  expect(tag.code).toBe(1);
  expect(tag.stdout).toContain("RELM_SIGN_OFF_INVALID");
  expect(tag.stdout).toContain("tag: the release candidate sha256:");
  expect(fake.state.refs.has("tags/v1.1.0")).toBe(false);
  expect(fake.state.releases.some((r) => r.tag === "v1.1.0")).toBe(false);
  expect(fake.requests.some((r) => r.endpoint === "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals")).toBe(true);
});

it("the publish step does not believe a hand-made approvals input: judged again from GitHub, refused, no record", async () => {
  // An earlier run was approved and tagged; this run has no approval, only a forged input.
  fake.state.runApprovals.set("2000", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  expect((await step("tag", { environment: "production" }, "2000")).code).toBe(0);
  const publish = await step("publish", { approvals: forged, artifacts: "dist/app.tgz" });
  expect(publish.code).toBe(1);
  expect(publish.stdout).toContain("publish: the release candidate sha256:");
  expect(publish.stdout).toContain("has no valid CAB sign-off for production, judged again from GitHub");
  expect(publish.stdout).not.toContain("mallory");
  expect(records()).toEqual([]);
});

it("approve, tag and publish in the environment's job: each judges the same approval, and the record keeps GitHub's word", async () => {
  fake.state.runApprovals.set("2001", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  const approve = await step("approve", { environment: "production" });
  expect(approve.code, approve.stdout).toBe(0);
  expect((await step("tag", { environment: "production" })).code).toBe(0);
  // Whatever the input says of the verdict, the record holds what GitHub said.
  const publish = await step("publish", { approvals: approve.outputs.approvals ?? "", artifacts: "dist/app.tgz" });
  expect(publish.code, publish.stdout).toBe(0);
  expect(records()).toEqual(["record-1.1.0.json"]);
  const text = fake.state.releases.find((r) => r.tag === "relm-registry")?.assets.find((a) => a.name === "record-1.1.0.json")?.data.toString("utf8") ?? "{}";
  expect(JSON.parse(text)).toMatchObject({ version: "1.1.0", environment: "production", approval: { valid: true, assurance: "forge", evidence: [{ user: "carol", comment: "ship", source: "environment" }] } });
  const reads = fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals");
  expect(reads.length).toBeGreaterThanOrEqual(3);
});
