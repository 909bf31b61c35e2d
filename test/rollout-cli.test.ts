// `relm rollout`: canary and blue-green steps sequenced, verified and recorded; re-runs converge.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { deployFixture, relmAsync, storedEvents } from "./support/deploy-fixture.ts";

const hook = `[sh, -c, 'echo "$RELM_ROLLOUT_ACTION $RELM_ROLLOUT_STEP/$RELM_ROLLOUT_STEPS $RELM_ROLLOUT_PERCENT$RELM_ROLLOUT_SLOT $RELM_VERSION" >> hook.log; if [ -f kill-once ] && [ ! -f "killed-$RELM_ROLLOUT_STEP" ]; then touch "killed-$RELM_ROLLOUT_STEP"; kill -9 $PPID; fi']`;
const policy = (port: number) => `project: app
policy:
  environments:
    staging: {}
    canary:
      rollout: { strategy: canary, steps: [5%, 25%, 100%], hook: ${hook}, verify: [{ command: [sh, -c, 'test ! -f unhealthy'] }] }
    production:
      after: [staging]
      rollout:
        strategy: canary
        steps: [10%, 100%]
        soak: 30m
        hook: ${hook}
        verify: [{ url: "http://127.0.0.1:${port}/health?token=S3CRET", status: 200 }]
        onFailure: backout
    stopping:
      rollout: { strategy: big-bang, hook: ${hook}, verify: [{ command: [sh, -c, 'test ! -f unhealthy'] }] }
    web:
      rollout: { strategy: blue-green, slots: [blue, green], hook: ${hook} }
`;

const rolloutEvents = (dir: string, env: string) => storedEvents(dir).filter((e) => e.event === "rollout" && e.detail.environment === env);
const hookLog = (dir: string): string[] => (existsSync(join(dir, "hook.log")) ? readFileSync(join(dir, "hook.log"), "utf8").trim().split("\n") : []);

describe("relm rollout", () => {
  let repo: GitFixture;
  let server: Server;
  let healthy = true;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(healthy ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    repo = deployFixture(3, policy((server.address() as AddressInfo).port));
    writeFileSync(join(repo.dir, ".git", "info", "exclude"), "hook.log\nkill-once\nkilled-*\nunhealthy\n");
  });
  afterAll(async () => {
    repo.cleanup();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("runs a canary step by step with the step's values, records each step and completes the deployment", () => {
    const start = runRelm(["rollout", "start", "--env", "canary", "--version", "1.0.0"], { cwd: repo.dir });
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toContain("canary, 3 step(s)");
    expect(start.stdout).toContain("step 1 (5%) of the rollout to canary: success");
    const status = runRelm(["rollout", "status", "--env", "canary"], { cwd: repo.dir });
    expect(status.stdout).toMatch(/1\. 5% {2}done .*\n {2}2\. 25% {2}next\n {2}3\. 100% {2}waiting/);
    const rest = runRelm(["rollout", "next", "--env", "canary", "--all"], { cwd: repo.dir });
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout).toContain("step 3 (100%) of the rollout to canary: success; the rollout is complete");
    expect(hookLog(repo.dir)).toEqual(["step 1/3 5 1.0.0", "step 2/3 25 1.0.0", "step 3/3 100 1.0.0"]);
    expect(rolloutEvents(repo.dir, "canary").map((e) => `${String(e.detail.action)}:${String(e.detail.step)}:${String(e.detail.status)}`)).toEqual(["start:0:success", "step:1:success", "step:2:success", "step:3:success", "complete:3:success"]);
    const deployment = storedEvents(repo.dir).filter((e) => e.event === "deployment" && e.detail.environment === "canary");
    expect(deployment.map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(deployment[0]?.detail.rolloutId).toBe(rolloutEvents(repo.dir, "canary")[0]?.detail.rolloutId);
    expect(runRelm(["rollout", "next", "--env", "canary"], { cwd: repo.dir }).stdout).toBe("the rollout to canary is complete; nothing to do\n");
    expect(runRelm(["verify"], { cwd: repo.dir }).code).toBe(0);
  });

  it("converges when killed at each step: no step recorded twice, none lost", () => {
    writeFileSync(join(repo.dir, "hook.log"), "");
    writeFileSync(join(repo.dir, "kill-once"), "");
    try {
      const first = runRelm(["rollout", "start", "--env", "canary", "--version", "1.0.1", "--id", "r-kill"], { cwd: repo.dir });
      expect(first.code).not.toBe(0);
      for (let i = 0; i < 6; i++) {
        const again = runRelm(["rollout", "next", "--env", "canary", "--all"], { cwd: repo.dir });
        if (again.code === 0) break;
      }
    } finally {
      rmSync(join(repo.dir, "kill-once"));
      runRelm(["rollout", "next", "--env", "canary", "--all"], { cwd: repo.dir });
    }
    const events = rolloutEvents(repo.dir, "canary").filter((e) => e.detail.rolloutId === "r-kill");
    expect(events.map((e) => `${String(e.detail.action)}:${String(e.detail.step)}`)).toEqual(["start:0", "step:1", "step:2", "step:3", "complete:3"]);
    // Each step's hook ran twice: once killed before its record, once to completion.
    expect(hookLog(repo.dir).filter((l) => l.endsWith("1.0.1"))).toEqual(["step 1/3 5 1.0.1", "step 1/3 5 1.0.1", "step 2/3 25 1.0.1", "step 2/3 25 1.0.1", "step 3/3 100 1.0.1", "step 3/3 100 1.0.1"]);
    expect(storedEvents(repo.dir).filter((e) => e.event === "deployment" && e.detail.deploymentId === "r-kill").map((e) => e.detail.status)).toEqual(["started", "success"]);
  });

  it("waits out the soak, or with --no-wait refuses and names when it ends", async () => {
    runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--", "true"], { cwd: repo.dir });
    // Asynchronously: the health URL is served by this process.
    const start = await relmAsync(["rollout", "start", "--env", "production", "--version", "1.0.1"], repo.dir);
    expect(start.code, start.stderr).toBe(0);
    const early = runRelm(["rollout", "next", "--env", "production", "--no-wait"], { cwd: repo.dir });
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/RELM_ROLLOUT_SOAKING: step 1 of the rollout to production soaks until \d{4}-\d\d-\d\dT[\d:.]+Z \(30m\)/);
  });

  it("refuses a second rollout or a deploy of the environment while one is under way", () => {
    const second = runRelm(["rollout", "start", "--env", "production", "--version", "1.0.2"], { cwd: repo.dir });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("RELM_ROLLOUT_OPEN");
    const deploy = runRelm(["deploy", "--env", "production", "--version", "1.0.2", "--", "true"], { cwd: repo.dir });
    expect(deploy.stderr).toContain("RELM_DEPLOY_BUSY");
  });

  it("backs the release out when an HTTP verification fails, without recording the health URL's token", async () => {
    const aborted = runRelm(["rollout", "abort", "--env", "production", "--reason", "restart with a fresh soak"], { cwd: repo.dir });
    expect(aborted.code, aborted.stderr).toBe(0);
    healthy = false;
    const start = await relmAsync(["rollout", "start", "--env", "production", "--version", "1.0.1"], repo.dir);
    expect(start.code).toBe(1);
    expect(start.stdout).toContain("step 1 (10%) of the rollout to production: failure: http http://127.0.0.1:");
    expect(start.stdout).toContain("answered 503, expected 200; the rollout was aborted and the release backed out");
    const text = JSON.stringify(storedEvents(repo.dir));
    expect(text).not.toContain("S3CRET");
    expect(hookLog(repo.dir).at(-1)).toBe("backout /2 0 1.0.1");
    const gate = runRelmJson<{ violations: { code: string }[] }>(["gate", "--env", "production", "--version", "1.0.1"], { cwd: repo.dir });
    expect(gate.json.violations.map((v) => v.code)).toContain("RELM_GATE_FAILED_RELEASE");
    healthy = true;
  });

  it("stops at a failed step when the policy says stop, until someone aborts", () => {
    writeFileSync(join(repo.dir, "unhealthy"), "");
    const start = runRelm(["rollout", "start", "--env", "stopping", "--version", "1.0.2"], { cwd: repo.dir });
    expect(start.code).toBe(1);
    expect(start.stdout).toContain("failure: command sh -c test ! -f unhealthy: exit 1; the rollout stopped");
    const next = runRelm(["rollout", "next", "--env", "stopping"], { cwd: repo.dir });
    expect(next.stderr).toContain("RELM_ROLLOUT_STOPPED");
    expect(runRelm(["rollout", "abort", "--env", "stopping"], { cwd: repo.dir }).code).toBe(2);
    const abort = runRelm(["rollout", "abort", "--env", "stopping", "--reason", "bad build"], { cwd: repo.dir });
    expect(abort.code, abort.stderr).toBe(0);
    expect(storedEvents(repo.dir).filter((e) => e.event === "deployment" && e.detail.environment === "stopping").map((e) => e.detail.status)).toEqual(["started", "failure"]);
  });

  it("deploys blue-green to the idle slot, switches it as one recorded step, and alternates the slots", () => {
    writeFileSync(join(repo.dir, "hook.log"), "");
    for (const version of ["1.0.0", "1.0.2"]) {
      const run = runRelm(["rollout", "start", "--env", "web", "--version", version, "--all"], { cwd: repo.dir });
      expect(run.code, run.stderr).toBe(0);
    }
    expect(hookLog(repo.dir)).toEqual(["step 1/2 green 1.0.0", "switch 2/2 green 1.0.0", "step 1/2 blue 1.0.2", "switch 2/2 blue 1.0.2"]);
    expect(rolloutEvents(repo.dir, "web").filter((e) => e.detail.action === "switch").map((e) => e.detail.slot)).toEqual(["green", "blue"]);
  });

  it("rejects a rollout plan that cannot work, naming the file and line", () => {
    const bad = `policy:\n  environments:\n    production:\n      rollout:\n        strategy: canary\n        steps: [50%, 10%]\n`;
    writeFileSync(join(repo.dir, "bad.yml"), bad);
    const run = runRelm(["--config", "bad.yml", "policy", "check"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(/bad\.yml:6.*(last step must be 100%|steps must grow)/s);
  });
});
