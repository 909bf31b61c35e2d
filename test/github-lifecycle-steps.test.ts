// The root action's lifecycle steps, run as the runner runs the bundle: deploy, rollout, backout and
// review against a file registry in the checkout and the fake GitHub (which checks every request).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { runBundledAction, workflowCommands } from "./support/run-bundled-action.ts";
import { deployFixture, storedEvents } from "./support/deploy-fixture.ts";

const policy = `project: app
policy:
  environments:
    staging: {}
    production:
      after: [staging]
      rollout:
        strategy: canary
        steps: [50%, 100%]
        hook: [sh, -c, 'echo "$RELM_ROLLOUT_ACTION $RELM_ROLLOUT_PERCENT $RELM_VERSION" >> traffic.log']
`;

let repo: GitFixture;
let fake: FakeGitHub;
beforeAll(async () => {
  repo = deployFixture(2, policy);
  fake = await startFakeGitHub();
  fake.state.refs.set("tags/v1.0.0", { type: "commit", sha: repo.git("rev-parse", "v1.0.0^{commit}") });
  fake.state.refs.set("tags/v1.0.1", { type: "commit", sha: repo.git("rev-parse", "v1.0.1^{commit}") });
});
afterAll(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const step = (step: string, inputs: Record<string, string>) =>
  runBundledAction({ action: "root", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), runId: "4242", env: { GITHUB_JOB: "deploy" }, inputs: { step, ...inputs } });

it("step deploy runs the command, records the deployment and mirrors it to GitHub", async () => {
  const run = await step("deploy", { environment: "staging", version: "1.0.0", run: 'echo "$RELM_VERSION to $RELM_ENVIRONMENT" > deployed.txt' });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(readFileSync(join(repo.dir, "deployed.txt"), "utf8")).toBe("1.0.0 to staging\n");
  expect(run.outputs).toMatchObject({ "deployment-id": "github-4242-deploy-staging-1.0.0", version: "1.0.0", status: "success" });
  // Versions are escaped as all untrusted text is ("1\\." is not read as a list item).
  expect(run.summary).toContain("Deployment `github-4242-deploy-staging-1.0.0` of **1\\.0.0**: success (exit 0)");
  const mirrored = fake.state.deployments.filter((d) => d.payload.relmDeploymentId === "github-4242-deploy-staging-1.0.0");
  expect(mirrored.map((d) => [d.environment, d.ref, d.statuses.map((s) => s.state)])).toEqual([["staging", "v1.0.0", ["in_progress", "success"]]]);
  expect(storedEvents(repo.dir).map((e) => `${e.event} ${String(e.detail.status)}`)).toEqual(["deployment started", "deployment success"]);
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("step deploy fails the step when the command fails, with the failure recorded", async () => {
  const run = await step("deploy", { environment: "staging", version: "1.0.1", run: "exit 4", mirror: "false" });
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("the deployment of 1.0.1 failed (exit 4); the failure is recorded");
  expect(storedEvents(repo.dir).at(-1)?.detail.status).toBe("failure");
});

it("step gate reads the deployments the registry recorded: the release at HEAD has not succeeded in staging", async () => {
  const run = await step("gate", { environment: "production", "fail-on-deny": "false" });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.outputs.decision).toBe("deny");
  const violations = JSON.parse(run.outputs.violations ?? "[]") as { code: string; message: string }[];
  expect(violations.map((v) => v.code)).toEqual(["RELM_GATE_PROMOTION"]);
  expect(violations[0]?.message).toContain("version 1.0.1 has not succeeded in staging");
});

it("step rollout runs every canary step with its values and completes the rollout", async () => {
  const run = await step("rollout", { environment: "production", version: "1.0.0" });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(readFileSync(join(repo.dir, "traffic.log"), "utf8")).toBe("step 50 1.0.0\nstep 100 1.0.0\n");
  expect(run.outputs).toMatchObject({ "rollout-id": "github-4242-deploy-production-1.0.0-rollout", status: "complete" });
  expect(run.summary).toMatch(/\| 2 \| 100% \| done /);
});

it("step backout marks the release failed and deploys the previous good one", async () => {
  const rolled = await step("rollout", { environment: "production", version: "1.0.1", id: "second" });
  expect(rolled.code, rolled.stdout).toBe(0);
  const run = await step("backout", { environment: "production", reason: "checkout errors", run: 'echo "back to $RELM_VERSION" > deployed.txt', mirror: "false" });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.outputs).toMatchObject({ failed: "1.0.1", version: "1.0.0", status: "success" });
  expect(readFileSync(join(repo.dir, "deployed.txt"), "utf8")).toBe("back to 1.0.0\n");
  expect(run.summary).toContain("**1\\.0.1** is backed out of production and marked failed (recorded): checkout errors");
  const deploy = await step("deploy", { environment: "production", version: "1.0.1", mirror: "false" });
  expect(deploy.code).toBe(1);
  expect(deploy.stdout).toContain("RELM_DEPLOY_FAILED_RELEASE");
});

it("step review records the review and closes the release", async () => {
  const run = await step("review", { version: "1.0.0", outcome: "success", close: "true", reason: "superseded" });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.summary).toContain("Review: **success**.");
  expect(run.summary).toContain("Closed; deployed to staging, production.");
  const events = storedEvents(repo.dir);
  expect(events.slice(-2).map((e) => e.event)).toEqual(["review", "close"]);
  const nothing = await step("review", { version: "1.0.0" });
  expect(nothing.code).toBe(2);
  expect(nothing.stdout).toContain("nothing to do");
});
