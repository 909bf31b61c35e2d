// `relm deploy`: deployments recorded in the registry's chain, read by the gate, refused when unsafe.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { deployFixture, relmAsync, storedEvents } from "./support/deploy-fixture.ts";

describe("relm deploy", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = deployFixture(2);
  });
  afterAll(() => repo.cleanup());

  it("records a started and a finished deployment with the artifacts' digests and the policy's configuration items", () => {
    const out = join(repo.dir, "deployed.txt");
    const run = runRelm(["deploy", "--env", "staging", "--version", "1.0.0", "--", process.execPath, "-e", `require("fs").writeFileSync(${JSON.stringify(out)}, process.env.RELM_VERSION + " " + process.env.RELM_ENVIRONMENT + " " + process.env.RELM_TAG)`], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/of 1\.0\.0 to staging: success \(exit 0\)/);
    expect(readFileSync(out, "utf8")).toBe("1.0.0 staging v1.0.0");
    const deployments = storedEvents(repo.dir).filter((e) => e.event === "deployment");
    expect(deployments.map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(deployments[1]?.detail).toMatchObject({ environment: "staging", configurationItems: ["web-staging"], artifacts: [{ name: "app.txt", size: "app build 0".length }, { name: "provenance.intoto.json" }] });
    expect(deployments[0]?.detail.deploymentId).toBe(deployments[1]?.detail.deploymentId);
    const verify = runRelm(["verify"], { cwd: repo.dir });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/2 record\(s\), 2 event\(s\)/);
  });

  it("lets the gate read promotion order and soak from the recorded deployments", () => {
    const early = runRelmJson<{ allowed: boolean; violations: { code: string }[] }>(["gate", "--env", "production", "--version", "1.0.1"], { cwd: repo.dir });
    expect(early.code).toBe(1);
    expect(early.json.violations.map((v) => v.code)).toContain("RELM_GATE_PROMOTION");
    const soaking = runRelmJson<{ violations: { code: string }[] }>(["gate", "--env", "production", "--version", "1.0.0"], { cwd: repo.dir });
    expect(soaking.json.violations.map((v) => v.code)).toEqual(["RELM_GATE_SOAK"]);
    const later = new Date(Date.now() + 31 * 60_000).toISOString();
    const soaked = runRelmJson<{ allowed: boolean }>(["gate", "--env", "production", "--version", "1.0.0", "--at", later], { cwd: repo.dir });
    expect(soaked.json.allowed, JSON.stringify(soaked.json)).toBe(true);
  });

  it("judges the release at a released commit, not a next version", () => {
    repo.checkout("v1.0.0");
    try {
      const gate = runRelmJson<{ allowed: boolean; violations: { code: string; message: string }[] }>(["gate", "--env", "production", "--branch", "main"], { cwd: repo.dir });
      expect(gate.json.violations.map((v) => v.code)).toEqual(["RELM_GATE_SOAK"]);
      expect(gate.json.violations[0]?.message).toContain("version 1.0.0");
    } finally {
      repo.checkout("main");
    }
  });

  it("refuses a version that was never published, naming the registry", () => {
    const run = runRelm(["deploy", "--env", "staging", "--version", "9.9.9", "--", "true"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("RELM_DEPLOY_UNKNOWN");
    expect(run.stderr).toContain("version 9.9.9 is not in the registry file:.relm/registry");
  });

  it("refuses an artifact altered after publish and records nothing", () => {
    const before = storedEvents(repo.dir).length;
    const blobs = join(repo.dir, ".relm", "registry", "blobs", "sha256");
    const record = JSON.parse(readFileSync(join(repo.dir, ".relm", "registry", "records", "1.0.1.json"), "utf8")) as { artifacts: { sha256: string }[] };
    const blob = join(blobs, record.artifacts[0]?.sha256 ?? "");
    const original = readFileSync(blob);
    writeFileSync(blob, "app build 1 with a backdoor");
    try {
      const marker = join(repo.dir, "ran.txt");
      const run = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--", process.execPath, "-e", `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`], { cwd: repo.dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("RELM_ARTIFACT_ALTERED");
      expect(run.stderr).toContain("app.txt of 1.0.1");
      expect(existsSync(marker)).toBe(false);
      expect(storedEvents(repo.dir).length).toBe(before);
    } finally {
      writeFileSync(blob, original);
    }
  });

  it("records a failed command as a failed deployment and exits 1", () => {
    const run = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--", process.execPath, "-e", "process.exit(3)"], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1\.0\.1 to staging: failure \(exit 3\)/);
    expect(storedEvents(repo.dir).at(-1)?.detail.status).toBe("failure");
  });

  it("lets one of two concurrent deploys of an environment run and tells the other why", async () => {
    // Each deploy command waits for a file the test writes once one run has ended, so the first
    // cannot finish before the second has asked: the overlap does not depend on timing.
    const release = join(repo.dir, "release-the-deploys");
    const wait = [process.execPath, "-e", `const fs = require("fs"); const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(release)})) { clearInterval(t); } }, 50)`];
    const runs = [relmAsync(["deploy", "--env", "staging", "--version", "1.0.1", "--", ...wait], repo.dir), relmAsync(["deploy", "--env", "staging", "--version", "1.0.0", "--", ...wait], repo.dir)];
    const fallback = setTimeout(() => writeFileSync(release, "late"), 30_000);
    const first = await Promise.race(runs);
    writeFileSync(release, "go");
    clearTimeout(fallback);
    const results = (await Promise.all(runs)).sort((x, y) => x.code - y.code);
    expect(first.code).toBe(1);
    expect(results.map((r) => r.code)).toEqual([0, 1]);
    expect(results[1]?.stderr).toContain("RELM_DEPLOY_BUSY");
    expect(results[1]?.stderr).toMatch(/staging is being deployed: 1\.0\.[01] \(deployment /);
    expect(results[1]?.stderr).toContain("relm deploy record --env staging --id");
    expect(runRelm(["verify"], { cwd: repo.dir }).code).toBe(0);
  });

  it("resumes a deployment killed mid-way under the same id: no event twice, none lost", () => {
    const killed = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--id", "deploy-42", "--", "sh", "-c", "kill -9 $PPID"], { cwd: repo.dir });
    expect(killed.code).not.toBe(0);
    const blocked = runRelm(["deploy", "--env", "staging", "--version", "1.0.0", "--", "true"], { cwd: repo.dir });
    expect(blocked.stderr).toContain("deployment deploy-42");
    const resumed = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--id", "deploy-42", "--", "true"], { cwd: repo.dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("success (exit 0, resumed)");
    const again = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--id", "deploy-42", "--", "false"], { cwd: repo.dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("finished before");
    const mine = storedEvents(repo.dir).filter((e) => e.detail.deploymentId === "deploy-42");
    expect(mine.map((e) => e.detail.status)).toEqual(["started", "success"]);
  });

  it("records deployments made by other means, and derives the id from the pipeline so a retried job resumes", () => {
    const env = { GITLAB_CI: "true", CI_PIPELINE_ID: "777", CI_JOB_NAME: "deploy" };
    const first = runRelmJson<{ deploymentId: string; status: string }>(["deploy", "record", "--env", "staging", "--version", "1.0.1", "--status", "success"], { cwd: repo.dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ deploymentId: "gitlab-777-deploy-staging-1.0.1", status: "success" });
    const retried = runRelmJson<{ deploymentId: string }>(["deploy", "record", "--env", "staging", "--version", "1.0.1", "--status", "success"], { cwd: repo.dir, env });
    expect(retried.code, retried.stderr).toBe(0);
    expect(storedEvents(repo.dir).filter((e) => e.detail.deploymentId === "gitlab-777-deploy-staging-1.0.1")).toHaveLength(2);
    const flipped = runRelm(["deploy", "record", "--env", "staging", "--version", "1.0.1", "--status", "failure"], { cwd: repo.dir, env });
    expect(flipped.code).toBe(1);
    expect(flipped.stderr).toContain("RELM_DEPLOY_FINISHED");
    const bad = runRelm(["deploy", "record", "--env", "staging", "--status", "maybe"], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--status \"maybe\" is not a deployment outcome");
  });

  it("refuses a chain whose deployment events were edited, and relm verify names the event", () => {
    const records = join(repo.dir, ".relm", "registry", "records");
    const name = readdirSync(records).find((n) => n.startsWith("event-deployment-")) ?? "";
    const path = join(records, name);
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace('"environment":"staging"', '"environment":"prod"'));
    try {
      const verify = runRelm(["verify"], { cwd: repo.dir });
      expect(verify.code).toBe(1);
      expect(verify.stdout + verify.stderr).toContain(name);
      const deploy = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--", "true"], { cwd: repo.dir });
      expect(deploy.code).toBe(1);
      expect(deploy.stderr).toContain("RELM_CHAIN_BROKEN");
    } finally {
      writeFileSync(path, text);
    }
  });
});
