import { afterEach, beforeEach, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { githubChecks, githubDeployments, githubEnvironmentApprovals, githubMembers } from "../src/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor, commitA, commitB } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

it("reads check runs and commit statuses of the release commit", async () => {
  fake.state.checkRuns.set(commitA, [
    { name: "test", status: "completed", conclusion: "success" },
    { name: "lint", status: "completed", conclusion: "timed_out" },
    { name: "e2e", status: "in_progress", conclusion: null },
    { name: "docs", status: "completed", conclusion: "skipped" },
  ]);
  fake.state.statuses.set(commitA, [
    { context: "ci/legacy", state: "success" },
    { context: "security", state: "error" },
  ]);
  const checks = await githubChecks(clientFor(fake)).checks(commitA);
  expect(checks.map((c) => [c.name, c.conclusion, c.source])).toEqual([
    ["test", "success", "check-run"],
    ["lint", "failure", "check-run"],
    ["e2e", "pending", "check-run"],
    ["docs", "skipped", "check-run"],
    ["ci/legacy", "success", "status"],
    ["security", "failure", "status"],
  ]);
  expect(fake.requests.find((r) => r.endpoint.endsWith("check-runs"))?.query.filter).toBe("latest");
});

it("reads deployments of one environment with their latest status, newest first", async () => {
  fake.state.deployments.push(
    { id: 1, sha: commitA, ref: "v1.0.0", environment: "staging", payload: {}, createdAt: "2026-01-01T10:00:00Z", statuses: [{ state: "in_progress", createdAt: "2026-01-01T10:01:00Z" }, { state: "success", createdAt: "2026-01-01T10:05:00Z" }] },
    { id: 2, sha: commitB, ref: "main", environment: "production", payload: { version: "0.9.0" }, createdAt: "2026-01-02T10:00:00Z", statuses: [{ state: "failure", createdAt: "2026-01-02T10:03:00Z" }] },
    { id: 3, sha: commitB, ref: "main", environment: "staging", payload: { version: "1.1.0" }, createdAt: "2026-01-03T10:00:00Z", statuses: [] },
  );
  const list = await githubDeployments(clientFor(fake)).deployments("staging");
  expect(list).toEqual([
    { environment: "staging", commit: commitB, ref: "main", version: "1.1.0", state: "pending", at: "2026-01-03T10:00:00Z" },
    { environment: "staging", commit: commitA, ref: "v1.0.0", version: "1.0.0", state: "success", at: "2026-01-01T10:05:00Z" },
  ]);
});

it("reads the environment approvals of the current run, for that environment only", async () => {
  fake.state.runApprovals.set("77", [
    { environment: "production", state: "approved", user: "carol", comment: "ship it" },
    { environment: "staging", state: "approved", user: "dave", comment: "" },
    { environment: "production", state: "rejected", user: "erin", comment: "not today" },
  ]);
  const at = new Date("2026-03-01T12:00:00Z");
  const approvals = await githubEnvironmentApprovals(clientFor(fake), () => at).approvals({ environment: "production", runId: "77" });
  expect(approvals).toEqual([
    { user: "carol", decision: "approved", at: at.toISOString(), comment: "ship it", source: "environment", url: "https://github.com/octo-org/app/actions/runs/77" },
    { user: "erin", decision: "rejected", at: at.toISOString(), comment: "not today", source: "environment", url: "https://github.com/octo-org/app/actions/runs/77" },
  ]);
  const missing = await githubEnvironmentApprovals(clientFor(fake)).approvals({ environment: "production" }).catch((e: unknown) => e);
  expect((missing as RelmError).code).toBe("RELM_GITHUB_RUN_ID");
});

it("checks team membership through the teams API", async () => {
  fake.state.teams.set("octo-org/cab", new Set(["carol"]));
  const members = githubMembers(clientFor(fake));
  expect(await members.isMember("carol", "octo-org/cab")).toBe(true);
  expect(await members.isMember("mallory", "octo-org/cab")).toBe(false);
  expect(await members.isMember("carol", "octo-org/cab")).toBe(true);
  expect(fake.requests.filter((r) => r.endpoint.includes("/memberships/"))).toHaveLength(2);
  const bad = await members.isMember("carol", "cab").catch((e: unknown) => e);
  expect((bad as RelmError).code).toBe("RELM_GITHUB_TEAM");
});
