// End to end: the real `relm` CLI against real git repositories with a policy committed on main.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Decision } from "@relm/core";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { HOST, POLICY, WEDNESDAY, SATURDAY, codes, gate, repo } from "./support/gate-cli-fixture.ts";

describe("relm gate (CLI, real git)", () => {
  it("allows a compliant run: exit 0, and says which policy revision judged it", () => {
    const f = repo();
    const { code, json } = gate(f, ["--at", WEDNESDAY, "--check", "build=success"]);
    expect(code).toBe(0);
    expect(json.allowed).toBe(true);
    expect(json.violations).toEqual([]);
    expect(json.policy).toMatchObject({ file: ".relm.yml", ref: "main", revision: f.git("rev-parse", "main"), found: true, changedByRelease: false });
    expect(json.evaluatedAt).toBe("2026-11-18T09:00:00.000Z");
    expect(json.facts.ref).toEqual({ kind: "branch", name: "main" });
  });

  it("denies with every violation at once: exit 1, codes, lines and facts", () => {
    const f = repo();
    f.branch("feature/x");
    const { code, json } = gate(f, ["--at", SATURDAY]);
    expect(code).toBe(1);
    expect(json.allowed).toBe(false);
    expect(codes(json)).toEqual(["RELM_GATE_BRANCH", "RELM_GATE_CHECK_MISSING", "RELM_GATE_FREEZE"]);
    const freeze = json.violations.find((v) => v.code === "RELM_GATE_FREEZE");
    expect(freeze?.where).toEqual({ file: ".relm.yml", line: 7, key: "policy.freezes.0" });
    expect(freeze?.facts).toMatchObject({ start: "2026-11-20T16:00:00+01:00", end: "2026-11-23T08:00:00+01:00" });
    expect(json.violations.find((v) => v.code === "RELM_GATE_BRANCH")?.where.line).toBe(4);
    // The human-readable form carries the same verdict and exit code.
    const text = runRelm(["gate", "--at", SATURDAY], { cwd: f.dir, env: HOST });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("DENIED");
    expect(text.stdout).toContain("RELM_GATE_FREEZE");
    expect(text.stdout).toContain(".relm.yml:7");
  });

  it("an override lifts only the rules it names, and is recorded", () => {
    const f = repo();
    const lifted = gate(f, ["--at", SATURDAY, "--check", "build=success", "--override-by", "alice", "--override-reason", "INC-7 hotfix", "--override-rules", "freeze"]);
    expect(lifted.code).toBe(0);
    expect(lifted.json.overridden.map((v) => v.code)).toEqual(["RELM_GATE_FREEZE"]);
    expect(lifted.json.override).toMatchObject({ by: "alice", via: "input", reason: "INC-7 hotfix", accepted: true, lifted: ["RELM_GATE_FREEZE"] });
    // Same override, but the checks never ran: the override does not lift them.
    const partial = gate(f, ["--at", SATURDAY, "--override-by", "alice", "--override-reason", "INC-7", "--override-rules", "freeze"]);
    expect(partial.code).toBe(1);
    expect(codes(partial.json)).toEqual(["RELM_GATE_CHECK_MISSING"]);
    // Someone the policy does not name is refused, loudly.
    const refused = gate(f, ["--at", SATURDAY, "--check", "build=success", "--override-by", "mallory", "--override-reason", "x", "--override-rules", "freeze"]);
    expect(refused.code).toBe(1);
    expect(codes(refused.json)).toEqual(["RELM_GATE_FREEZE", "RELM_GATE_OVERRIDE"]);
  });

  it("says who broke glass, how, when, why and what it lifted; in CI the job's user is who asks", () => {
    const f = repo();
    const text = runRelm(["gate", "--at", SATURDAY, "--check", "build=success", "--override-by", "alice", "--override-reason", "INC-7 hotfix", "--override-rules", "freeze"], { cwd: f.dir, env: HOST });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("override by alice via input at 2026-11-21T09:00:00.000Z (reason: INC-7 hotfix; rules named: freeze) accepted; lifted RELM_GATE_FREEZE");
    expect(text.stdout).toContain("  overridden RELM_GATE_FREEZE: ");
    const ci = { ...HOST, GITLAB_CI: "true", GITLAB_USER_LOGIN: "alice" };
    const asked = runRelmJson<Decision>(["gate", "--forge", "local", "--target-ref", "main", "--at", SATURDAY, "--check", "build=success", "--override-reason", "INC-8", "--override-rules", "freeze"], { cwd: f.dir, env: ci });
    expect(asked.json.override).toMatchObject({ by: "alice", via: "input", accepted: true });
    const outside = runRelm(["gate", "--at", SATURDAY, "--override-reason", "INC-8", "--override-rules", "freeze"], { cwd: f.dir, env: HOST });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("--override-by");
  });

  it("in a GitLab merge request pipeline the policy's label asks to break glass, with the rules and reason in the description", () => {
    const f = repo(POLICY.replace("via: [input, trailer]", "via: [input, label, trailer]"));
    const mr = { ...HOST, GITLAB_CI: "true", GITLAB_USER_LOGIN: "alice", CI_MERGE_REQUEST_IID: "3", CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main", CI_MERGE_REQUEST_DESCRIPTION: "Hotfix.\n\nRelm-Override: freeze\nRelm-Override-Reason: INC-11 outage\n" };
    const run = (env: Record<string, string>) => runRelmJson<Decision>(["gate", "--forge", "local", "--branch", "main", "--at", SATURDAY, "--check", "build=success"], { cwd: f.dir, env });
    const labelled = run({ ...mr, CI_MERGE_REQUEST_LABELS: "bug,relm:override" });
    expect(labelled.code).toBe(0);
    expect(labelled.json.override).toMatchObject({ by: "alice", via: "label", reason: "INC-11 outage", accepted: true, lifted: ["RELM_GATE_FREEZE"] });
    const unlabelled = run({ ...mr, CI_MERGE_REQUEST_LABELS: "bug" });
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.json.override).toBeUndefined();
  });

  it("reads a break-glass trailer from the release commit", () => {
    const f = repo();
    f.commit("fix: stop the bleeding\n\nRelm-Override: freeze\nRelm-Override-Reason: INC-9 outage\n", { author: { name: "Alice", email: "alice@example.invalid" } });
    const { code, json } = gate(f, ["--at", SATURDAY, "--check", "build=success"]);
    expect(code).toBe(0);
    expect(json.override).toMatchObject({ by: "alice@example.invalid", via: "trailer", reason: "INC-9 outage", accepted: true });
  });

  it("a broken .relm.yml on the target branch is a configuration error with key and line (exit 2), never an allow", () => {
    const f = repo(POLICY.replace('start: "0 16 * * 5"', 'start: "0 16 * *"'));
    const run = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success", "--json"], { cwd: f.dir, env: HOST });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("RELM_CONFIG_INVALID");
    expect(run.stderr).toContain(".relm.yml:8 policy.freezes.0.start");
    const yaml = repo("policy:\n  branches: [main\n");
    const bad = runRelm(["gate", "--at", WEDNESDAY], { cwd: yaml.dir, env: HOST });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("RELM_CONFIG_YAML");
    expect(runRelm(["policy", "check"], { cwd: f.dir, env: HOST }).code).toBe(2);
  });

  it("a YAML alias bomb is a configuration error at the alias's line (exit 2) for every command that reads the policy", () => {
    const level = (name: string, of: string): string => `${name}: &${name} [${Array.from({ length: 9 }, () => `*${of}`).join(",")}]\n`;
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (const [name, of] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"], ["g", "f"]] as const) bomb += level(name, of);
    const f = repo(bomb);
    for (const args of [["gate", "--at", WEDNESDAY], ["policy", "check"], ["policy", "explain"], ["plan"]]) {
      const run = runRelm(args, { cwd: f.dir, env: HOST });
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain("RELM_CONFIG_YAML");
      expect(run.stderr).toContain(".relm.yml:2");
    }
  });

  it("a pull request branch that relaxes the policy is still judged by main's policy", () => {
    const f = repo();
    const mainRevision = f.git("rev-parse", "main");
    f.branch("feature/relax");
    f.commit("chore: relax the policy", { files: { ".relm.yml": "policy:\n  branches: ['**']\n" } });
    const { code, json } = gate(f, ["--at", SATURDAY]);
    expect(code).toBe(1);
    expect(codes(json)).toEqual(["RELM_GATE_BRANCH", "RELM_GATE_CHECK_MISSING", "RELM_GATE_FREEZE"]);
    expect(json.policy).toMatchObject({ ref: "main", revision: mainRevision, changedByRelease: true });
    // The working tree's policy (the change under review) would have allowed it: that is the point.
    expect(runRelm(["policy", "check"], { cwd: f.dir, env: HOST }).code).toBe(0);
  });

  it("production comes after staging and its soak; the required approval is stated", () => {
    const f = repo();
    const first = gate(f, ["--at", WEDNESDAY, "--check", "build=success", "--env", "production"]);
    expect(first.code).toBe(1);
    expect(codes(first.json)).toEqual(["RELM_GATE_PROMOTION"]);
    expect(first.json.requiredApproval).toMatchObject({ quorum: 2, users: ["carol", "dave", "erin"] });
    const version = first.json.facts.release?.version;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const young = gate(f, ["--at", WEDNESDAY, "--check", "build=success", "--env", "production", "--deployed", `staging=${version}@2026-11-18T06:00:00+01:00`]);
    expect(codes(young.json)).toEqual(["RELM_GATE_SOAK"]);
    const soaked = gate(f, ["--at", WEDNESDAY, "--check", "build=success", "--env", "production", "--deployed", `staging=${version}@2026-11-16T06:00:00+01:00`]);
    expect(soaked.code).toBe(0);
  });

  it("untrusted text stays on its line: no `::` workflow command can start in the log", () => {
    const f = repo();
    const run = runRelm(["gate", "--at", WEDNESDAY, "--branch", "evil\n::error::pwned", "--override-by", "alice", "--override-reason", "x\n::set-output name=a::b", "--override-rules", "branch"], { cwd: f.dir, env: HOST });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("RELM_GATE_BRANCH");
    for (const line of run.stdout.split("\n")) expect(line.trimStart().startsWith("::")).toBe(false);
  });

  it("usage errors exit 2", () => {
    const f = repo();
    expect(runRelm(["gate", "--at", "2026-11-18 10:00"], { cwd: f.dir, env: HOST }).code).toBe(2);
    expect(runRelm(["gate", "--check", "build"], { cwd: f.dir, env: HOST }).code).toBe(2);
    expect(runRelm(["gate", "--target-ref", "nope"], { cwd: f.dir, env: HOST }).code).toBe(2);
  });
});

describe("relm gate: which policy, and never a silent allow", () => {
  it("a broken policy on the target branch is a configuration error even when the working tree's is fine", () => {
    const f = repo(POLICY.replace("timeZone: Europe/Berlin", "timeZone: Europe/Berlín"));
    f.branch("fix/policy");
    f.commit("fix: repair the time zone", { files: { ".relm.yml": POLICY } });
    const run = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success", "--branch", "main", "--json"], { cwd: f.dir, env: HOST });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("RELM_CONFIG_INVALID");
    expect(run.stderr).toContain(`the policy that judges this run, .relm.yml on main (${f.git("rev-parse", "main").slice(0, 12)}), is broken`);
    expect(run.stderr).toContain(".relm.yml:3 policy.timeZone");
    expect(run.stderr).toContain("relm policy check --ref main");
    // The user editing the file wants their working copy checked, and it is fine; main's is not.
    expect(runRelm(["policy", "check"], { cwd: f.dir, env: HOST }).code).toBe(0);
    expect(runRelm(["policy", "check", "--ref", "main"], { cwd: f.dir, env: HOST }).code).toBe(2);
  });

  it("a broken working tree does not change the verdict: the gate reads main; policy check reports the working file", () => {
    const f = repo();
    writeFileSync(join(f.dir, ".relm.yml"), "policy:\n  branches: [main\n");
    expect(gate(f, ["--at", WEDNESDAY, "--check", "build=success"]).code).toBe(0);
    const check = runRelm(["policy", "check"], { cwd: f.dir, env: HOST });
    expect(check.code).toBe(2);
    expect(check.stderr).toContain("RELM_CONFIG_YAML");
  });

  it.each([
    ["an unknown key", POLICY.replace("  checks: [build]", "  checks: [build]\n  freezes_: []"), "RELM_CONFIG_INVALID", ".relm.yml:6 policy.freezes_"],
    ["a time zone that is an offset", POLICY.replace("timeZone: Europe/Berlin", 'timeZone: "+01:00"'), "RELM_CONFIG_INVALID", ".relm.yml:3 policy.timeZone"],
    ["a broken branch glob", POLICY.replace('branches: [main, "release/*"]', 'branches: [main, "release/["]'), "RELM_CONFIG_INVALID", ".relm.yml:4 policy.branches.1"],
    ["a window that would never hold", POLICY.replace('end: "0 8 * * 1"', 'end: "0 16 * * 5"'), "RELM_CONFIG_INVALID", ".relm.yml:9 policy.freezes.0.end"],
    ["duplicate keys", POLICY.replace("  checks: [build]", "  checks: [build]\n  checks: []"), "RELM_CONFIG_YAML", ".relm.yml:6"],
  ])("%s on the target branch: exit 2 with key and line", (_name, policy, code, where) => {
    const f = repo(policy);
    const run = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success"], { cwd: f.dir, env: HOST });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(code);
    expect(run.stderr).toContain(where);
  });

  it("a target branch the CI host names but that is not there is an error, not main's policy", () => {
    const f = repo();
    const run = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success"], { cwd: f.dir, env: { ...HOST, GITHUB_BASE_REF: "release/9.x" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_GATE_TARGET_REF");
    expect(run.stderr).toContain('GITHUB_BASE_REF names "release/9.x"');
    expect(run.stderr).toContain("tried origin/release/9.x, release/9.x");
    // Once it exists, its policy is the one read.
    f.git("branch", "release/9.x");
    const ok = runRelmJson<Decision>(["gate", "--at", WEDNESDAY, "--check", "build=success"], { cwd: f.dir, env: { ...HOST, GITLAB_CI: "", CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "release/9.x" } });
    expect(ok.code).toBe(0);
    expect(ok.json.policy).toMatchObject({ ref: "release/9.x", found: true });
  });

  it("a configuration file named at another path must exist on the target branch", () => {
    const f = repo();
    f.branch("feature/ci");
    f.commit("ci: move the policy", { files: { "ci/relm.yml": POLICY } });
    const run = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success", "--config", "ci/relm.yml", "--branch", "main"], { cwd: f.dir, env: HOST });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_CONFIG_UNREADABLE");
    expect(run.stderr).toContain("ci/relm.yml does not exist on main");
  });

  it("judges the issue's example instant, and refuses instants that do not exist", () => {
    const f = repo();
    const { code, json } = gate(f, ["--at", "2026-12-24T17:00:00+01:00", "--check", "build=success", "--env", "staging"]);
    expect(code).toBe(0);
    expect(json.evaluatedAt).toBe("2026-12-24T16:00:00.000Z");
    const unstaged = gate(f, ["--at", "2026-12-24T17:00:00+01:00", "--check", "build=success", "--env", "production"]);
    expect(codes(unstaged.json)).toEqual(["RELM_GATE_FREEZE", "RELM_GATE_PROMOTION"]);
    const version = unstaged.json.facts.release?.version ?? "";
    const production = gate(f, ["--at", "2026-12-24T17:00:00+01:00", "--check", "build=success", "--env", "production", "--deployed", `staging=${version}@2026-12-01T10:00:00Z`]);
    expect(production.code).toBe(1);
    expect(codes(production.json)).toEqual(["RELM_GATE_FREEZE"]);
    expect(production.json.violations[0]?.facts).toMatchObject({ window: "christmas", start: "2026-12-24T12:00:00+01:00", end: "2026-12-28T00:00:00+01:00", frozenUntil: "2026-12-28T08:00:00+01:00" });
    for (const at of ["2027-02-29T10:00:00+01:00", "2026-12-24T24:00:00+01:00", "2026-12-24T17:00:00"]) {
      const bad = runRelm(["gate", "--at", at], { cwd: f.dir, env: HOST });
      expect(bad.code, at).toBe(2);
      expect(bad.stderr).toContain("RELM_GATE_FLAG");
    }
    expect(runRelm(["gate", "--at", WEDNESDAY, "--deployed", "staging=1.0.0@2026-11-31T10:00:00Z"], { cwd: f.dir, env: HOST }).code).toBe(2);
  });
});

describe("relm gate: an edited policy in the working tree", () => {
  it("judges the committed policy and says the working tree's file differs (stderr, and policy.workingTreeDiffers)", () => {
    const f = repo();
    const clean = gate(f, ["--at", WEDNESDAY, "--check", "build=success"]);
    expect(clean.json.policy).not.toHaveProperty("workingTreeDiffers");
    expect(clean.stderr).toBe("");
    // An edit that would deny this run: not merged, so not judged.
    writeFileSync(join(f.dir, ".relm.yml"), POLICY.replace('branches: [main, "release/*"]', "branches: [nothing]"));
    const edited = gate(f, ["--at", WEDNESDAY, "--check", "build=success"]);
    expect(edited.code).toBe(0);
    expect(edited.json.allowed).toBe(true);
    expect(edited.json.policy).toMatchObject({ file: ".relm.yml", ref: "main", workingTreeDiffers: true });
    const text = runRelm(["gate", "--at", WEDNESDAY, "--check", "build=success"], { cwd: f.dir, env: HOST });
    expect(text.stdout).toMatch(/^relm gate: ALLOWED .*\(policy \.relm\.yml from main @ [0-9a-f]{12}\)/);
    expect(text.stderr).toContain(".relm.yml in the working tree differs from the policy judged (main @ ");
    expect(text.stderr).toContain("relm policy check");
  });
});
