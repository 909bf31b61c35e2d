import { describe, expect, it } from "vitest";
import { codes, COMMIT, decide, facts } from "./gate-support.ts";

const POLICY = `policy:
  risk:
    default: normal
    classes:
      - name: emergency
        when:
          - override: true
      - name: major
        when:
          - bump: [major]
          - breaking: true
          - paths: ["db/migrations/**"]
          - minCommits: 50
        environments: [production]
        approval:
          quorum: 2
          maxAge: 4h
        checks: [load-test]
        soak: 72h
      - name: standard
        when:
          - bump: [patch]
            maxCommits: 5
  override:
    users: [alice]
    rules: [freeze]
  environments:
    staging: {}
    production:
      after: [staging]
      soak: 24h
      approval:
        quorum: 1
        users: [alice, bob, carol]
`;

const release = (extra: object = {}) => ({ version: "2.0.0", bump: "minor" as const, breaking: false, commits: 3, paths: ["src/a.ts"], ...extra });
const staged = { staging: [{ environment: "staging", commit: COMMIT, version: "2.0.0", state: "success" as const, at: "2026-11-16T10:00:00Z" }] };

describe("risk classes", () => {
  it("a major bump is major, raises the CAB quorum to 2, adds checks and lengthens the soak", () => {
    const d = decide(POLICY, facts({ environment: "production", release: release({ bump: "major" }), deployments: staged }));
    expect(d.riskClass).toEqual({ name: "major", because: "bump is major", line: 10 });
    expect(d.requiredApproval).toMatchObject({ quorum: 2, users: ["alice", "bob", "carol"], maxAge: "4h" });
    expect(d.requiredChecks).toEqual(["load-test"]);
    // 48h soaked of 72h; the load test never ran.
    expect(codes(d).sort()).toEqual(["RELM_GATE_CHECK_MISSING", "RELM_GATE_SOAK"]);
    expect(d.violations.find((v) => v.code === "RELM_GATE_SOAK")?.where.line).toBe(19);
  });
  it("breaking changes, touched paths and commit counts each make it major", () => {
    expect(decide(POLICY, facts({ release: release({ breaking: true }) })).riskClass.name).toBe("major");
    expect(decide(POLICY, facts({ release: release({ paths: ["db/migrations/001.sql"] }) })).riskClass).toMatchObject({ name: "major", because: "touches db/migrations/001.sql" });
    expect(decide(POLICY, facts({ release: release({ commits: 50 }) })).riskClass.name).toBe("major");
  });
  it("class rules apply only to the class's environments", () => {
    const d = decide(POLICY, facts({ environment: "staging", release: release({ bump: "major" }) }));
    expect(d.riskClass.name).toBe("major");
    expect(d.requiredApproval).toBeUndefined();
    expect(d.allowed).toBe(true);
  });
  it("all fields of one condition must hold", () => {
    expect(decide(POLICY, facts({ release: release({ bump: "patch", commits: 5 }) })).riskClass.name).toBe("standard");
    expect(decide(POLICY, facts({ release: release({ bump: "patch", commits: 6 }) })).riskClass).toEqual({ name: "normal", because: "default" });
  });
  it("a valid override makes the change an emergency", () => {
    const d = decide(POLICY, facts({ release: release({ bump: "major" }), override: { by: "alice", via: "input", reason: "outage", rules: ["freeze"] } }));
    expect(d.riskClass.name).toBe("emergency");
  });
  it("an override that makes a major release an emergency keeps the major class's quorum, checks and soak", () => {
    const breakGlass = { by: "alice", via: "input" as const, reason: "INC-3 outage", rules: ["freeze"] };
    const d = decide(POLICY, facts({ environment: "production", release: release({ bump: "major" }), deployments: staged, override: breakGlass }));
    expect(d.override?.accepted).toBe(true);
    expect(d.riskClass).toEqual({ name: "emergency", because: "break-glass override in use", line: 7, withoutOverride: { name: "major", because: "bump is major", line: 10 } });
    expect(d.requiredApproval).toMatchObject({ quorum: 2, maxAge: "4h" });
    expect(d.requiredChecks).toEqual(["load-test"]);
    // 48h of the major class's 72h soak; the override named freeze only, so neither is lifted.
    expect(codes(d).sort()).toEqual(["RELM_GATE_CHECK_MISSING", "RELM_GATE_SOAK"]);
    expect(d.overridden).toEqual([]);
    // The same override on a release that is not major changes nothing but the class's name.
    const minor = decide(POLICY, facts({ environment: "production", release: release(), deployments: staged, override: breakGlass }));
    expect(minor.riskClass).toEqual({ name: "emergency", because: "break-glass override in use", line: 7, withoutOverride: { name: "normal", because: "default" } });
    expect(minor.requiredApproval).toMatchObject({ quorum: 1 });
    expect(minor.allowed).toBe(true);
  });
  it("without a plan, plan conditions do not hold and the decision says so", () => {
    expect(decide(POLICY, facts()).riskClass).toEqual({ name: "normal", because: "default (no release plan was available to classify)" });
  });
  it("without a risk section every change is normal", () => {
    expect(decide("policy: {}\n", facts({ release: release({ bump: "major" }) })).riskClass).toEqual({ name: "normal", because: "default" });
  });
});
