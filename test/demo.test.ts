// README's first command: `npm run demo` must release and verify a fresh demo repository, with no
// git identity configured on the machine.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "./support/replay.ts";

it("npm run demo releases 1.1.0 with alice's sign-off, rolls it out, backs 1.2.0 out and verifies the registry", () => {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: "/nonexistent", GIT_CONFIG_GLOBAL: "/dev/null" };
  for (const k of ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"]) delete env[k];
  const run = spawnSync(process.execPath, [join(repoRoot, "scripts/demo.ts")], { cwd: repoRoot, env, encoding: "utf8" });
  const dir = /A demo repository in (\S+):/.exec(run.stdout)?.[1];
  try {
    // The plan prints the plan on stdout; the candidate's digest goes to stderr, for a human to pass on.
    expect(run.stderr).toMatch(/^release candidate sha256:[0-9a-f]{64} written to candidate\.json: the digest the CAB signs\nrelease candidate sha256:[0-9a-f]{64} written to candidate-1\.2\.0\.json: the digest the CAB signs\n$/);
    expect(run.stdout).toContain("--candidate candidate.json");
    expect(run.status).toBe(0);
    for (const step of ["== 1/5 gate", "== 2/5 plan", "== 3/5 approve", "== 4/5 tag", "== 5/5 publish"]) expect(run.stdout).toContain(step);
    expect(run.stdout).toContain("counted: alice");
    expect(run.stdout).toContain("released 1.1.0");
    expect(run.stdout).toMatch(/ok: 1 record\(s\) and 2 artifact\(s\) verified/);
    expect(run.stdout).toContain("provenance: the statements of 1.1.0 match their records");
    // After publish: staging, a canary to production that completes (1.1.0) and one that is backed out (1.2.0).
    expect(run.stdout).toContain("step 3 (100%) of the rollout to production: success; the rollout is complete");
    expect(run.stdout).toContain("step 2 (50%) of the rollout to production: failure: command node ops/health.js: exit 1; the rollout was aborted and the release backed out");
    expect(run.stdout).toContain("routing 0% of production traffic to greeter 1.2.0");
    expect(run.stdout).toContain("review of 1.2.0: failed");
    expect(run.stdout).toContain("RELM_GATE_FAILED_RELEASE: release 1.2.0 was marked failed in production");
    expect(run.stdout).toMatch(/ok: 2 record\(s\), \d+ event\(s\) and 4 artifact\(s\) verified/);
    expect(run.stdout).toContain("Done: released, deployed, rolled out, backed out, reviewed; every step recorded and verified.");
    // It ends by writing the report and the calendar, and saying where they are.
    expect(run.stdout).toContain(`The KPI report is ${join(dir ?? "", ".relm", "report.html")}`);
    expect(readFileSync(join(dir ?? "", ".relm", "report.html"), "utf8")).toContain('<svg id="chart-releases"');
    expect(readFileSync(join(dir ?? "", ".relm", "calendar.ics"), "utf8")).toMatch(/SUMMARY:Release 1\.1\.0/);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
