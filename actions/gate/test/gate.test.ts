import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

const policy = ["policy:", "  branches: [main]", "  checks:", "    - test", "    - lint", "  environments:", "    staging: {}", "    production:", "      after: [staging]", ""].join("\n");

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  repo.commit("feat: first", { files: { ".relm.yml": policy } });
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat: second");
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const gate = (environment: string) =>
  runBundledAction({ action: "gate", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), inputs: { environment } });

it("allows a release whose required checks succeeded", async () => {
  fake.state.checkRuns.set(repo.head(), [{ name: "test", status: "completed", conclusion: "success" }]);
  fake.state.statuses.set(repo.head(), [{ context: "lint", state: "success" }]);
  const run = await gate("staging");
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("allow");
  expect(JSON.parse(run.outputs.violations ?? "")).toEqual([]);
  expect(run.summary).toContain("**allow**");
  expect(fake.requests.map((r) => r.endpoint)).toEqual(expect.arrayContaining(["GET /repos/{owner}/{repo}/commits/{ref}/check-runs", "GET /repos/{owner}/{repo}/commits/{ref}/status"]));
});

it("denies with every violation as an annotation on .relm.yml, and fails the step", async () => {
  fake.state.checkRuns.set(repo.head(), [{ name: "test", status: "completed", conclusion: "failure" }]);
  fake.state.deployments.push({ id: 1, sha: repo.head(), ref: "main", environment: "staging", payload: { version: "0.9.0" }, createdAt: "2026-01-01T00:00:00Z", statuses: [{ state: "failure", createdAt: "2026-01-01T00:05:00Z" }] });
  const run = await gate("production");
  expect(run.code).toBe(1);
  expect(run.outputs.decision).toBe("deny");
  const violations = JSON.parse(run.outputs.violations ?? "[]") as { code: string }[];
  expect(violations.length).toBeGreaterThanOrEqual(2);
  const annotations = workflowCommands(run.stdout).filter((c) => c.startsWith("::error file=.relm.yml"));
  expect(annotations.length).toBe(violations.length);
  expect(annotations.every((a) => /^::error file=\.relm\.yml,line=\d+::RELM_/.test(a))).toBe(true);
  expect(run.summary).toContain("### Violations");
  expect(fake.requests.some((r) => r.endpoint === "GET /repos/{owner}/{repo}/deployments" && r.query.environment === "staging")).toBe(true);
});

it("reads through a 500 and a 502 on the release commit's checks and decides on the real answer", async () => {
  fake.state.checkRuns.set(repo.head(), [{ name: "test", status: "completed", conclusion: "success" }]);
  fake.state.statuses.set(repo.head(), [{ context: "lint", state: "success" }]);
  fake.fault("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { status: 500 });
  fake.fault("GET /repos/{owner}/{repo}/commits/{ref}/status", { status: 502 });
  const run = await gate("staging");
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("allow");
  expect(fake.requests.filter((r) => r.endpoint.endsWith("/check-runs")).map((r) => r.status)).toEqual([500, 200]);
  expect(fake.requests.filter((r) => r.endpoint.endsWith("/status")).map((r) => r.status)).toEqual([502, 200]);
});
