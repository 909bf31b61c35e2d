// The root action.yml: the whole release in one step, or one named step.
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

const root = (inputs: Record<string, string>) =>
  runBundledAction({ action: "root", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), runId: "1001", inputs });

it("runs the whole release: gate, plan, tag, CAB approval, publish", async () => {
  fake.state.runApprovals.set("1001", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  const run = await root({ environment: "production", artifacts: "dist/app.tgz" });
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ version: "1.1.0", tag: "v1.1.0", released: "true", decision: "allow" });
  expect(run.outputs["record-digest"]).toMatch(/^sha256:/);
  expect(run.outputs.registry).toBe("github-release:octo-org/app");
  expect(run.outputs["release-url"]).toContain("v1.1.0");
  expect(JSON.parse(run.outputs.violations ?? "")).toEqual([]);
  expect(JSON.parse(run.outputs.approvals ?? "")).toMatchObject({ environment: "production", valid: true, counted: [{ user: "carol", comment: "ship" }], version: "1.1.0" });
  expect(run.outputs.notes).toContain("the export endpoint");
  expect(fake.state.refs.get("tags/v1.1.0")?.type).toBe("tag");
  expect(fake.state.releases.find((r) => r.tag === "v1.1.0")?.body).toContain("the export endpoint");
  const store = fake.state.releases.find((r) => r.tag === "relm-registry");
  const record = JSON.parse(store?.assets.find((a) => a.name === "record-1.1.0.json")?.data.toString("utf8") ?? "{}") as Record<string, unknown>;
  expect(record).toMatchObject({ version: "1.1.0", environment: "production", gate: { allowed: true }, approval: { valid: true, evidence: [{ user: "carol", comment: "ship" }] } });
  expect(run.summary).toContain("relm release: released");
});

it("stops before anything public when the sign-off is missing: no tag, no Release, no record, a rejected event", async () => {
  const planned = await root({ step: "plan" });
  const run = await root({ environment: "production" });
  expect(run.code).toBe(1);
  expect(run.outputs.released).toBe("false");
  expect(run.outputs.decision).toBe("rejected");
  expect(run.outputs["candidate-digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  // The plan step shows the very digest the release step asks the CAB to sign.
  expect(planned.outputs["candidate-digest"]).toBe(run.outputs["candidate-digest"]);
  expect(fake.state.refs.has("tags/v1.1.0")).toBe(false);
  expect(fake.state.releases.some((r) => r.tag === "v1.1.0")).toBe(false);
  const assets = fake.state.releases.find((r) => r.tag === "relm-registry")?.assets.map((a) => a.name) ?? [];
  expect(assets.filter((a) => a.startsWith("record-") && !a.startsWith("record-event-"))).toEqual([]);
  expect(assets.filter((a) => a.startsWith("record-event-rejected-"))).toHaveLength(1);
});

it("runs one named step with that step's behaviour (plan, read-only)", async () => {
  fake.readOnly = true;
  const run = await root({ step: "plan" });
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ version: "1.1.0", tag: "v1.1.0", bump: "minor", released: "true" });
  expect(fake.writes()).toEqual([]);
});

it("a dry run writes nothing, even when it finds a release an earlier run tagged but did not publish", async () => {
  repo.tag("v1.1.0", { message: "1.1.0\n\nthe export endpoint" });
  const tagSha = "f".repeat(40);
  fake.state.refs.set("tags/v1.1.0", { type: "tag", sha: tagSha });
  fake.state.tagObjects.set(tagSha, { sha: tagSha, tag: "v1.1.0", message: "1.1.0\n\nthe export endpoint", object: { sha: repo.head(), type: "commit" } });
  fake.state.runApprovals.set("1001", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  fake.readOnly = true;
  const run = await root({ environment: "production", "dry-run": "true" });
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs.released).toBe("false");
  expect(run.summary).toContain("completed an earlier run");
  expect(fake.writes()).toEqual([]);
  expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
});

it("runs the gate alone with the gate's inputs (fail-on-deny: false reports and passes)", async () => {
  repo.commit("chore: policy", { files: { ".relm.yml": "policy:\n  checks: [test]\n  environments:\n    production: {}\n" } });
  const run = await root({ step: "gate", environment: "production", "fail-on-deny": "false" });
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("deny");
  expect(JSON.parse(run.outputs.violations ?? "[]")).not.toEqual([]);
});

it("moves the floating major tag forward only: a backport 1.0.1 cut after 1.1.0 leaves v1 at 1.1.0", async () => {
  fake.state.runApprovals.set("1001", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  const forward = await root({ environment: "production", "floating-tag": "true" });
  expect(forward.code, forward.stdout).toBe(0);
  expect(forward.outputs.version).toBe("1.1.0");
  const at110 = repo.head();
  expect(fake.state.refs.get("tags/v1")).toEqual({ type: "commit", sha: at110 });

  // The maintenance branch 1.0.x, cut from v1.0.0, gets a fix; the checkout has every tag, as with fetch-depth 0.
  repo.git("tag", "v1.1.0", at110);
  repo.git("checkout", "-q", "-b", "1.0.x", "v1.0.0");
  repo.commit("fix: a backported fix");
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
  fake.state.runApprovals.set("1002", [{ environment: "production", state: "approved", user: "carol", comment: "backport" }]);
  const backport = await runBundledAction({ action: "root", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), ref: "refs/heads/1.0.x", runId: "1002", inputs: { environment: "production", "floating-tag": "true" } });
  expect(backport.code, backport.stdout).toBe(0);
  expect(backport.outputs.version).toBe("1.0.1");
  expect(fake.state.refs.get("tags/v1.0.1")?.type).toBe("tag");
  expect(fake.state.refs.get("tags/v1")).toEqual({ type: "commit", sha: at110 });
  expect(backport.stdout).toContain("is not the newest release of its major version, so the floating tag stays");
  expect(fake.requests.filter((r) => r.method === "PATCH" && r.path.includes("/git/refs/tags/v1"))).toHaveLength(0);
});

it("a run that stops between the sign-off and the tag leaves nothing public; the re-run completes it with the same sign-off", async () => {
  fake.state.runApprovals.set("1001", [{ environment: "production", state: "approved", user: "carol", comment: "ship" }]);
  // The token may not create tags (a ruleset, say): the first run fails after the approval was judged.
  fake.fault("POST /repos/{owner}/{repo}/git/tags", { status: 403, body: { message: "Resource not accessible by integration" } });
  const first = await root({ environment: "production", artifacts: "dist/app.tgz" });
  expect(first.code).toBe(1);
  // It failed at the tag, naming the call, after the approval was judged valid.
  expect(first.stdout).toContain("POST /repos/{owner}/{repo}/git/tags");
  expect(fake.requests.some((r) => r.endpoint === "GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals")).toBe(true);
  expect(fake.state.refs.has("tags/v1.1.0")).toBe(false);
  expect(fake.state.releases.some((r) => r.tag === "v1.1.0")).toBe(false);
  const records = () => (fake.state.releases.find((r) => r.tag === "relm-registry")?.assets ?? []).map((a) => a.name).filter((a) => /^record-\d/.test(a));
  expect(records()).toEqual([]);

  // GitHub's "re-run failed jobs": the same run id, so the same environment approval.
  const again = await root({ environment: "production", artifacts: "dist/app.tgz" });
  expect(again.code, again.stdout).toBe(0);
  expect(fake.state.refs.get("tags/v1.1.0")?.type).toBe("tag");
  expect(records()).toEqual(["record-1.1.0.json"]);
  const store = fake.state.releases.find((r) => r.tag === "relm-registry");
  const text = store?.assets.find((a) => a.name === "record-1.1.0.json")?.data.toString("utf8") ?? "{}";
  const record = JSON.parse(text) as { approval: { valid: boolean; evidence: { user: string; comment: string }[] } };
  expect(record.approval).toMatchObject({ valid: true, evidence: [{ user: "carol", comment: "ship" }] });
  expect(text).toContain(again.outputs["candidate-digest"] ?? "none");
});
