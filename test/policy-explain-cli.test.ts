// End to end: `relm policy explain` against real git repositories with a policy committed on main.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { createGitFixture } from "./support/git-fixture.ts";
import { HOST, POLICY, WEDNESDAY, SATURDAY, codes, gate, repo } from "./support/gate-cli-fixture.ts";

describe("relm policy explain (CLI)", () => {
  it("states an environment's requirements and the change calendar", () => {
    const f = repo();
    const { code, json } = runRelmJson<{ frozen: boolean; approval: { quorum: number }; calendar: Array<{ start: string; end: string; active: boolean }> }>(
      ["policy", "explain", "--env", "production", "--at", SATURDAY, "--count", "2"],
      { cwd: f.dir, env: HOST },
    );
    expect(code).toBe(0);
    expect(json.frozen).toBe(true);
    expect(json.approval.quorum).toBe(2);
    expect(json.calendar).toEqual([
      expect.objectContaining({ start: "2026-11-20T16:00:00+01:00", end: "2026-11-23T08:00:00+01:00", active: true }),
      expect.objectContaining({ start: "2026-11-27T16:00:00+01:00", end: "2026-11-30T08:00:00+01:00", active: false }),
    ]);
    const text = runRelm(["policy", "explain", "--env", "production", "--at", WEDNESDAY], { cwd: f.dir, env: HOST });
    expect(text.stdout).toContain('Not frozen now; the next freeze "weekend" starts 2026-11-20T16:00:00+01:00 and ends 2026-11-23T08:00:00+01:00.');
    // Christmas Eve: the one-off window, then the weekend that follows it, keep production frozen until Monday.
    const xmas = runRelm(["policy", "explain", "--env", "production", "--at", "2026-12-24T17:00:00+01:00"], { cwd: f.dir, env: HOST });
    expect(xmas.stdout).toContain('Frozen now by "christmas"; releases may go on again at 2026-12-28T08:00:00+01:00.');
  });

  it("says which file it explains: the working tree's by default, the committed one with --ref", () => {
    const f = repo();
    // An uncommitted edit: a freeze the committed policy does not have.
    writeFileSync(join(f.dir, ".relm.yml"), POLICY.replace("  override:", '    - { name: audit, from: 2026-11-18, until: 2026-11-19 }\n  override:'));
    const working = runRelmJson<{ frozen: boolean; policy: { from: string; file: string } }>(["policy", "explain", "--at", WEDNESDAY], { cwd: f.dir, env: HOST });
    expect(working.json.policy).toEqual({ file: ".relm.yml", from: "working tree" });
    expect(working.json.frozen).toBe(true);
    const committed = runRelmJson<{ frozen: boolean; policy: { from: string; ref: string; revision: string } }>(["policy", "explain", "--at", WEDNESDAY, "--ref", "main"], { cwd: f.dir, env: HOST });
    expect(committed.json.policy).toEqual({ file: ".relm.yml", from: "ref", ref: "main", revision: f.git("rev-parse", "main") });
    expect(committed.json.frozen).toBe(false);
    const text = runRelm(["policy", "explain", "--at", WEDNESDAY], { cwd: f.dir, env: HOST }).stdout;
    expect(text).toMatch(/^Policy \.relm\.yml in the working tree for any run/);
    expect(text).toContain("the gate judges by the policy committed on the protected target branch");
    expect(runRelm(["policy", "explain", "--at", WEDNESDAY, "--ref", "main"], { cwd: f.dir, env: HOST }).stdout).toMatch(/^Policy \.relm\.yml at main \([0-9a-f]{12}\)/);
    // The gate itself is judged by main's policy, not by the edit.
    expect(gate(f, ["--at", WEDNESDAY, "--check", "build=success"]).code).toBe(0);
  });

  it("says the gate refuses an environment the policy does not declare", () => {
    const f = repo();
    const text = runRelm(["policy", "explain", "--env", "prod", "--at", WEDNESDAY], { cwd: f.dir, env: HOST }).stdout;
    expect(text).toContain("environment prod (not declared: the gate refuses it, RELM_GATE_ENVIRONMENT)");
    expect(codes(gate(f, ["--at", WEDNESDAY, "--check", "build=success", "--env", "prod"]).json)).toEqual(["RELM_GATE_ENVIRONMENT"]);
  });

  it("prints the working tree's names and reasons on their own lines: no `::` workflow command", () => {
    const f = repo();
    writeFileSync(join(f.dir, ".relm.yml"), `policy:\n  checks: ["build\\n::error::c"]\n  freezes:\n    - { name: "w\\n::error::pwned", from: 2026-11-01, until: 2026-12-01, reason: "r\\r\\n::set-output name=x::y" }\n`);
    for (const args of [["policy", "explain", "--at", WEDNESDAY], ["policy", "check"]]) {
      const run = runRelm(args, { cwd: f.dir, env: HOST });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("::error::");
      for (const line of run.stdout.split(/\r?\n|\r/)) expect(line.trimStart().startsWith("::"), line).toBe(false);
    }
    // A broken file's keys go into the error text: on one line too.
    writeFileSync(join(f.dir, ".relm.yml"), `policy:\n  "x\\n::error::pwned": 1\n`);
    const broken = runRelm(["policy", "check"], { cwd: f.dir, env: HOST });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("::error::pwned");
    for (const line of broken.stderr.split(/\r?\n|\r/)) expect(line.trimStart().startsWith("::"), line).toBe(false);
  });

  it("states the top-level approval rule that relm approve enforces, raised by a risk class as approve raises it", () => {
    const f = createGitFixture();
    try {
      const policy = [
        "approval: { quorum: 2, users: [alice, bob, carol], separationOfDuties: false }",
        "policy:",
        "  risk:",
        "    classes:",
        "      - { name: major, when: [{ bump: [major] }], approval: { quorum: 3 } }",
        "",
      ].join("\n");
      f.commit("feat: first", { files: { ".relm.yml": policy, "a.txt": "1" } });
      const explained = runRelmJson<{ approval?: { quorum: number; users: string[] }; riskClasses: { name: string; approval?: { quorum: number } }[] }>(["policy", "explain"], { cwd: f.dir, env: HOST });
      expect(explained.json.approval).toMatchObject({ quorum: 2, users: ["alice", "bob", "carol"] });
      expect(explained.json.riskClasses).toEqual([expect.objectContaining({ name: "major", approval: expect.objectContaining({ quorum: 3 }) })]);
      expect(runRelm(["policy", "explain"], { cwd: f.dir, env: HOST }).stdout).toContain("approval: quorum 2 of alice, bob, carol");
      // The same rule, enforced: one approval is short of the quorum explain stated, two meet it.
      const one = runRelm(["approve", "--approve", "alice", "--no-record"], { cwd: f.dir, env: HOST });
      expect(one.code).toBe(1);
      expect(runRelm(["approve", "--approve", "alice", "--approve", "bob", "--no-record"], { cwd: f.dir, env: HOST }).code).toBe(0);
    } finally {
      f.cleanup();
    }
  });
});
