// `relm backout`, `relm review`, `relm close`: a back-out is a recorded change, and the chain remembers it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { deployFixture, relmAsync, storedEvents } from "./support/deploy-fixture.ts";

/** --json before the command: after `--` it would be the deploy command's. */
function backoutJson(args: string[], cwd: string): { code: number; stderr: string; json: { failed: string; deployed: string; status: string } } {
  const run = runRelm(["--json", "backout", ...args], { cwd });
  return { code: run.code, stderr: run.stderr, json: JSON.parse(run.stdout || "{}") as { failed: string; deployed: string; status: string } };
}

const soaked = () => new Date(Date.now() + 31 * 60_000).toISOString();

describe("relm backout, review and close", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = deployFixture(3);
    for (const version of ["1.0.0", "1.0.1"]) {
      for (const env of ["staging", "production"]) {
        const run = runRelm(["deploy", "--env", env, "--version", version, "--", "true"], { cwd: repo.dir });
        if (run.code !== 0) throw new Error(run.stderr);
      }
    }
  });
  afterAll(() => repo.cleanup());

  it("names what it would do on --dry-run and records nothing", () => {
    const before = storedEvents(repo.dir).length;
    const dry = runRelm(["backout", "--env", "production", "--reason", "errors", "--dry-run"], { cwd: repo.dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe("would back 1.0.1 out of production and deploy 1.0.0 (from the deployments)\n");
    expect(storedEvents(repo.dir).length).toBe(before);
  });

  it("needs a reason", () => {
    const run = runRelm(["backout", "--env", "production", "--", "true"], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_BACKOUT_REASON");
  });

  it("marks the release failed, deploys the previous good one with its values, and the gate refuses to promote it again", () => {
    const run = backoutJson(["--env", "production", "--reason", "error rate 4%", "--", "sh", "-c", 'test "$RELM_VERSION" = 1.0.0'], repo.dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json).toMatchObject({ failed: "1.0.1", deployed: "1.0.0", status: "success" });
    const events = storedEvents(repo.dir);
    const backout = events.find((e) => e.event === "backout");
    expect(backout).toMatchObject({ subject: { version: "1.0.1" }, detail: { environment: "production", to: "1.0.0", reason: "error rate 4%" } });
    const redeploy = events.filter((e) => e.event === "deployment" && e.detail.deploymentId === backout?.detail.deploymentId);
    expect(redeploy.map((e) => [e.subject.version, e.detail.status])).toEqual([
      ["1.0.0", "started"],
      ["1.0.0", "success"],
    ]);

    const gate = runRelmJson<{ allowed: boolean; violations: { code: string; message: string }[] }>(["gate", "--env", "production", "--version", "1.0.1", "--at", soaked()], { cwd: repo.dir });
    expect(gate.code).toBe(1);
    expect(gate.json.violations.map((v) => v.code)).toEqual(["RELM_GATE_FAILED_RELEASE"]);
    expect(gate.json.violations[0]?.message).toContain("error rate 4%");
    const deploy = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--", "true"], { cwd: repo.dir });
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain("RELM_DEPLOY_FAILED_RELEASE");
    expect(runRelm(["verify"], { cwd: repo.dir }).code).toBe(0);
  });

  it("lets a recorded override lift the failed rule, and --allow-failed redeploy knowingly", () => {
    const gate = runRelmJson<{ allowed: boolean; overridden: { code: string }[]; override: { by: string } }>(
      ["gate", "--env", "production", "--version", "1.0.1", "--at", soaked(), "--override-by", "oncall", "--override-reason", "the fix is config-only", "--override-rules", "failed"],
      { cwd: repo.dir },
    );
    expect(gate.json.allowed, JSON.stringify(gate.json)).toBe(true);
    expect(gate.json.overridden.map((v) => v.code)).toEqual(["RELM_GATE_FAILED_RELEASE"]);
    const deploy = runRelm(["deploy", "--env", "staging", "--version", "1.0.1", "--allow-failed", "--", "true"], { cwd: repo.dir });
    expect(deploy.code, deploy.stderr).toBe(0);
  });

  it("resumes a back-out killed before its deployment finished, without a second back-out", () => {
    runRelm(["deploy", "--env", "staging", "--version", "1.0.2", "--", "true"], { cwd: repo.dir });
    expect(runRelm(["deploy", "--env", "production", "--version", "1.0.2", "--", "true"], { cwd: repo.dir }).code).toBe(0);
    const killed = runRelm(["backout", "--env", "production", "--reason", "latency", "--", "sh", "-c", "kill -9 $PPID"], { cwd: repo.dir });
    expect(killed.code).not.toBe(0);
    const again = backoutJson(["--env", "production", "--reason", "latency", "--", "true"], repo.dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ failed: "1.0.2", deployed: "1.0.0", status: "success" });
    const backouts = storedEvents(repo.dir).filter((e) => e.event === "backout" && e.subject.version === "1.0.2");
    expect(backouts).toHaveLength(1);
  });

  it("records the review; a failed review marks the release failed", () => {
    const review = runRelm(["review", "1.0.0", "--outcome", "failed", "--notes", "-"], { cwd: repo.dir, input: "# Review\n\nData loss in the migration.\n" });
    expect(review.code, review.stderr).toBe(0);
    expect(storedEvents(repo.dir).at(-1)).toMatchObject({ event: "review", subject: { version: "1.0.0" }, detail: { outcome: "failed", notes: "# Review\n\nData loss in the migration.\n" } });
    const gate = runRelmJson<{ violations: { code: string }[] }>(["gate", "--env", "production", "--version", "1.0.0", "--at", soaked()], { cwd: repo.dir });
    expect(gate.json.violations.map((v) => v.code)).toContain("RELM_GATE_FAILED_RELEASE");
    expect(runRelm(["review", "1.0.0", "--outcome", "great"], { cwd: repo.dir }).code).toBe(2);
    expect(runRelm(["review", "7.0.0", "--outcome", "success"], { cwd: repo.dir }).stderr).toContain("RELM_DEPLOY_UNKNOWN");
  });

  describe("close", () => {
    let server: Server;
    const received: Array<{ url: string; body: Record<string, unknown> }> = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (d: Buffer) => (body += d.toString()));
        req.on("end", () => {
          received.push({ url: req.url ?? "", body: JSON.parse(body) as Record<string, unknown> });
          res.writeHead(req.url?.includes("broken") ? 500 : 204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("closes the release, tells the webhook without printing its secret path, and refuses further deployments", async () => {
      const port = (server.address() as AddressInfo).port;
      const run = await relmAsync(["close", "1.0.2", "--reason", "superseded", "--webhook", `http://127.0.0.1:${port}/hooks/T0SECRET`], repo.dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^closed 1\.0\.2 \(.*\); deployed to staging, production; told webhook http:\/\/127\.0\.0\.1:\d+ \(204\)\n$/);
      expect(run.stdout + run.stderr).not.toContain("T0SECRET");
      expect(received[0]?.url).toBe("/hooks/T0SECRET");
      expect(received[0]?.body).toMatchObject({ schema: "relm.release-closed/1", project: "app", version: "1.0.2", tag: "v1.0.2", environments: ["staging", "production"], reason: "superseded" });
      expect(String(received[0]?.body.text)).toBe("app 1.0.2 shipped to staging, production and is closed.");
      const deploy = runRelm(["deploy", "--env", "staging", "--version", "1.0.2", "--allow-failed", "--", "true"], { cwd: repo.dir });
      expect(deploy.code).toBe(1);
      expect(deploy.stderr).toContain("RELM_DEPLOY_CLOSED");
    });

    it("keeps the closure when the webhook fails, names only its origin, and records it once on a re-run", async () => {
      const port = (server.address() as AddressInfo).port;
      const failed = await relmAsync(["close", "1.0.1", "--webhook", `http://127.0.0.1:${port}/broken/T1SECRET`], repo.dir);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("RELM_WEBHOOK_FAILED");
      expect(failed.stderr).not.toContain("T1SECRET");
      const again = await relmAsync(["close", "1.0.1"], repo.dir);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain("recorded before");
      expect(storedEvents(repo.dir).filter((e) => e.event === "close" && e.subject.version === "1.0.1")).toHaveLength(1);
    });
  });
});
