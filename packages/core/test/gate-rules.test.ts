import { describe, expect, it } from "vitest";
import { evaluatePolicy, gateSchema, isRelmError } from "@relm/core";
import { codes, COMMIT, decide, facts } from "./gate-support.ts";

const BRANCHES = `policy:
  branches: [main, "release/*"]
  tags: ["v*"]
  environments:
    production:
      branches: [main]
`;

describe("branch and tag rule", () => {
  it("allows a listed branch and a glob match", () => {
    expect(decide(BRANCHES, facts()).allowed).toBe(true);
    expect(decide(BRANCHES, facts({ ref: { kind: "branch", name: "release/1.x" } })).allowed).toBe(true);
  });
  it("denies another branch, naming the rule's line and the facts", () => {
    const d = decide(BRANCHES, facts({ ref: { kind: "branch", name: "feature/x" } }));
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["RELM_GATE_BRANCH"]);
    const v = d.violations[0];
    expect(v?.where).toEqual({ file: ".relm.yml", line: 2, key: "policy.branches" });
    expect(v?.message).toContain("feature/x");
    expect(v?.message).toContain(".relm.yml:2");
    expect(v?.facts).toEqual({ branch: "feature/x", allowed: ["main", "release/*"] });
    expect(v?.docs).toMatch(/errors\.md#relm_gate_branch$/);
  });
  it("a glob * does not cross a slash", () => {
    expect(codes(decide(BRANCHES, facts({ ref: { kind: "branch", name: "release/1.x/hotfix" } })))).toEqual(["RELM_GATE_BRANCH"]);
  });
  it("an environment narrows the branches", () => {
    const d = decide(BRANCHES, facts({ environment: "production", ref: { kind: "branch", name: "release/1.x" } }));
    expect(codes(d)).toEqual(["RELM_GATE_BRANCH"]);
    expect(d.violations[0]?.where.line).toBe(6);
  });
  it("judges tags by policy.tags", () => {
    expect(decide(BRANCHES, facts({ ref: { kind: "tag", name: "v1.2.3" } })).allowed).toBe(true);
    expect(codes(decide(BRANCHES, facts({ ref: { kind: "tag", name: "nightly" } })))).toEqual(["RELM_GATE_TAG"]);
  });
  it("a detached HEAD cannot prove its branch", () => {
    expect(codes(decide(BRANCHES, facts({ ref: { kind: "detached" } })))).toEqual(["RELM_GATE_BRANCH"]);
  });
  it("no branch list allows any branch", () => {
    expect(decide("policy: {}\n", facts({ ref: { kind: "branch", name: "anything" } })).allowed).toBe(true);
  });
});

const CHECKS = `policy:
  checks: [build, test]
  environments:
    production:
      checks: [e2e]
`;

describe("required checks rule", () => {
  const ok = (name: string) => ({ name, conclusion: "success" as const, source: "check-run" as const });
  it("allows when every required check succeeded", () => {
    const d = decide(CHECKS, facts({ environment: "production", checks: [ok("build"), ok("test"), ok("e2e"), ok("lint")] }));
    expect(d.allowed).toBe(true);
    expect(d.requiredChecks).toEqual(["build", "test", "e2e"]);
  });
  it("reports each missing and each failed check", () => {
    const d = decide(CHECKS, facts({ environment: "production", checks: [ok("build"), { name: "test", conclusion: "failure", source: "status" }] }));
    expect(codes(d)).toEqual(["RELM_GATE_CHECK_FAILED", "RELM_GATE_CHECK_MISSING"]);
    expect(d.violations.map((v) => v.where.line)).toEqual([2, 5]);
  });
  it("a pending check is not a success, nor is one failure among successes", () => {
    expect(codes(decide(CHECKS, facts({ checks: [ok("build"), { name: "test", conclusion: "pending", source: "check-run" }] })))).toEqual(["RELM_GATE_CHECK_FAILED"]);
    expect(codes(decide(CHECKS, facts({ checks: [ok("build"), ok("test"), { name: "test", conclusion: "failure", source: "status" }] })))).toEqual(["RELM_GATE_CHECK_FAILED"]);
  });
  it("unknown check results count as missing", () => {
    const { checks: _ignored, ...rest } = facts();
    const d = decide(CHECKS, rest);
    expect(codes(d)).toEqual(["RELM_GATE_CHECK_MISSING", "RELM_GATE_CHECK_MISSING"]);
    expect(d.violations[0]?.message).toContain("no check results could be read");
  });
});

const PROMOTION = `policy:
  environments:
    staging: {}
    production:
      after: [staging]
      soak: 24h
      approval:
        quorum: 1
        users: [alice, bob]
`;

describe("promotion order and soak rule", () => {
  const release = { version: "1.4.0", bump: "minor" as const, breaking: false, commits: 3, paths: [] };
  const deployed = (version: string, at: string, state: "success" | "failure" = "success") => ({ environment: "staging", commit: COMMIT, version, state, at });
  it("allows production after the same version soaked in staging", () => {
    const d = decide(PROMOTION, facts({ environment: "production", release, deployments: { staging: [deployed("1.4.0", "2026-11-17T09:00:00Z")] } }));
    expect(d.allowed).toBe(true);
    expect(d.requiredApproval).toMatchObject({ quorum: 1, users: ["alice", "bob"] });
  });
  it("denies when the version never succeeded in staging", () => {
    const d = decide(PROMOTION, facts({ environment: "production", release, deployments: { staging: [deployed("1.3.0", "2026-11-01T09:00:00Z"), deployed("1.4.0", "2026-11-17T09:00:00Z", "failure")] } }));
    expect(codes(d)).toEqual(["RELM_GATE_PROMOTION"]);
    expect(d.violations[0]?.where.line).toBe(5);
  });
  it("denies until the soak time has passed since the first success", () => {
    const d = decide(PROMOTION, facts({ environment: "production", release, deployments: { staging: [deployed("1.4.0", "2026-11-18T04:00:00Z"), deployed("1.4.0", "2026-11-17T12:00:00Z")] } }));
    expect(codes(d)).toEqual(["RELM_GATE_SOAK"]);
    expect(d.violations[0]?.facts).toMatchObject({ succeededAt: "2026-11-17T12:00:00.000Z", readyAt: "2026-11-18T12:00:00.000Z", soak: "24h" });
    expect(d.violations[0]?.where.line).toBe(6);
  });
  it("staging itself has no promotion rule; an undeclared environment is refused", () => {
    expect(decide(PROMOTION, facts({ environment: "staging" })).allowed).toBe(true);
    expect(codes(decide(PROMOTION, facts({ environment: "prod" })))).toEqual(["RELM_GATE_ENVIRONMENT"]);
  });
  it("judged as of --at: a success that came later had not happened then", () => {
    const history = { staging: [deployed("1.4.0", "2026-11-17T09:00:00Z")] };
    const before = decide(PROMOTION, facts({ at: "2026-11-10T10:00:00Z", environment: "production", release, deployments: history }));
    expect(codes(before)).toEqual(["RELM_GATE_PROMOTION"]);
    expect(before.violations[0]?.message).toContain("its first success there is at 2026-11-17T09:00:00.000Z");
    // A few hours after it: soaking, not missing.
    expect(codes(decide(PROMOTION, facts({ at: "2026-11-17T12:00:00Z", environment: "production", release, deployments: history })))).toEqual(["RELM_GATE_SOAK"]);
  });
  it("missing deployment history is not a success", () => {
    const d = decide(PROMOTION, facts({ environment: "production", release }));
    expect(codes(d)).toEqual(["RELM_GATE_PROMOTION"]);
    expect(d.violations[0]?.message).toContain("no deployment history could be read");
  });
});

const FREEZE = `policy:
  timeZone: Europe/Berlin
  freezes:
    - name: weekend
      start: "0 16 * * 5"
      end: "0 8 * * 1"
    - name: christmas
      from: 2026-12-20
      until: 2027-01-06
      environments: [production]
      reason: holiday staffing
  environments:
    staging: {}
    production: {}
`;

describe("freeze rule", () => {
  it("denies inside a recurring window, naming the window, its instants and its line", () => {
    const d = decide(FREEZE, facts({ at: "2026-11-20T17:00:00+01:00" }));
    expect(codes(d)).toEqual(["RELM_GATE_FREEZE"]);
    expect(d.violations[0]?.facts).toMatchObject({ window: "weekend", start: "2026-11-20T16:00:00+01:00", end: "2026-11-23T08:00:00+01:00", timeZone: "Europe/Berlin" });
    expect(d.violations[0]?.where.line).toBe(4);
    expect(d.activeFreezes).toHaveLength(1);
  });
  it("a one-off window applies only to its environments", () => {
    expect(decide(FREEZE, facts({ at: "2026-12-23T10:00:00Z", environment: "staging" })).allowed).toBe(true);
    const d = decide(FREEZE, facts({ at: "2026-12-23T10:00:00Z", environment: "production" }));
    expect(codes(d)).toEqual(["RELM_GATE_FREEZE"]);
    expect(d.violations[0]?.message).toContain("holiday staffing");
  });
  it("merges the forge's freezes", () => {
    const d = decide("policy: {}\n", facts({ at: "2026-11-18T10:00:00Z", forgeFreezes: [{ start: "0 9 * * 3", end: "0 12 * * 3", timeZone: "UTC", source: "gitlab" }] }));
    expect(codes(d)).toEqual(["RELM_GATE_FREEZE"]);
    expect(d.violations[0]?.facts).toMatchObject({ source: "gitlab" });
  });
  it("overlapping windows: each is named, and the remedy waits until none holds", () => {
    const yaml = `policy:
  timeZone: Europe/Berlin
  freezes:
    - { name: weekend, start: "0 16 * * 5", end: "0 8 * * 1" }
    - { name: release-week, from: 2026-11-23, until: "2026-11-25T12:00" }
`;
    const d = decide(yaml, facts({ at: "2026-11-21T10:00:00+01:00" }));
    expect(codes(d)).toEqual(["RELM_GATE_FREEZE"]);
    expect(d.violations[0]?.facts).toMatchObject({ window: "weekend", end: "2026-11-23T08:00:00+01:00", frozenUntil: "2026-11-25T12:00:00+01:00" });
    expect(d.violations[0]?.remedy).toContain("Wait until 2026-11-25T12:00:00+01:00");
    const monday = decide(yaml, facts({ at: "2026-11-23T07:00:00+01:00" }));
    expect(monday.violations.map((v) => v.facts.window)).toEqual(["weekend", "release-week"]);
    expect(monday.activeFreezes.map((f) => f.name)).toEqual(["weekend", "release-week"]);
  });
  it("answers 'would this be allowed then?' for the instant given", () => {
    expect(decide(FREEZE, facts({ at: "2026-11-23T08:00:00+01:00" })).allowed).toBe(true);
    expect(decide(FREEZE, facts({ at: "2026-11-23T07:59:59+01:00" })).allowed).toBe(false);
  });
});

describe("evaluatePolicy as a pure function", () => {
  it("takes a policy built in code, without a file to point at", () => {
    const policy = gateSchema.parse({ branches: ["main"], checks: ["build"] });
    const d = evaluatePolicy(facts({ ref: { kind: "branch", name: "dev" } }), policy);
    expect(codes(d)).toEqual(["RELM_GATE_BRANCH", "RELM_GATE_CHECK_MISSING"]);
    expect(d.violations[0]?.where).toEqual({ file: ".relm.yml", key: "policy.branches" });
    // The same facts give the same decision: nothing is read from the clock or the machine.
    expect(evaluatePolicy(facts({ ref: { kind: "branch", name: "dev" } }), policy)).toEqual(d);
  });
  it.each(["2026-02-30T10:00:00Z", "2026-11-18T24:00:00Z", "2026-11-18T10:00:00", "yesterday"])("refuses %s as the instant to judge", (at) => {
    let error: unknown;
    try {
      evaluatePolicy(facts({ at }), undefined);
    } catch (e) {
      error = e;
    }
    expect(isRelmError(error) && error.code).toBe("RELM_GATE_TIME");
  });
  it("refuses a forge freeze in a zone that does not exist rather than guess", () => {
    let error: unknown;
    try {
      evaluatePolicy(facts({ forgeFreezes: [{ start: "0 9 * * *", end: "0 17 * * *", timeZone: "Mars/Olympus", source: "gitlab" }] }), undefined);
    } catch (e) {
      error = e;
    }
    expect(isRelmError(error) && error.code).toBe("RELM_GATE_FORGE_FREEZE");
  });
});

describe("every rule at once", () => {
  it("lists all violations of a run, and the decision survives JSON", () => {
    const yaml = `policy:
  branches: [main]
  checks: [build]
  freezes:
    - name: always
      from: 2020-01-01
      until: 2030-01-01
  environments:
    staging: {}
    production:
      after: [staging]
`;
    const d = decide(yaml, facts({ environment: "production", ref: { kind: "branch", name: "wip" } }));
    expect(codes(d).sort()).toEqual(["RELM_GATE_BRANCH", "RELM_GATE_CHECK_MISSING", "RELM_GATE_FREEZE", "RELM_GATE_PROMOTION"]);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(d.policy).toEqual({ file: ".relm.yml", revision: "abc123" });
    expect(d.evaluatedAt).toBe("2026-11-18T10:00:00.000Z");
    for (const v of d.violations) expect(v.remedy.length).toBeGreaterThan(10);
  });
});
