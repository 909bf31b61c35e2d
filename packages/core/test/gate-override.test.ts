import { describe, expect, it } from "vitest";
import { codes, decide, facts } from "./gate-support.ts";

const POLICY = `policy:
  checks: [build]
  freezes:
    - name: always
      from: 2020-01-01
      until: 2030-01-01
  override:
    users: [alice]
    groups: [acme/sre]
    via: [input, label]
    label: break-glass
    rules: [freeze, soak]
`;

describe("break-glass override", () => {
  it("lifts only the rules it names and records itself", () => {
    const d = decide(POLICY, facts({ override: { by: "alice", via: "input", reason: "INC-42 hotfix", rules: ["freeze"] } }));
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(["RELM_GATE_CHECK_MISSING"]);
    expect(d.overridden.map((v) => v.code)).toEqual(["RELM_GATE_FREEZE"]);
    expect(d.override).toEqual({ by: "alice", via: "input", reason: "INC-42 hotfix", at: "2026-11-18T10:00:00.000Z", rules: ["freeze"], accepted: true, lifted: ["RELM_GATE_FREEZE"] });
  });
  it("allows when the named rules were the only ones broken; codes name rules too", () => {
    const d = decide(POLICY, facts({ checks: [{ name: "build", conclusion: "success", source: "status" }], override: { by: "Alice", via: "input", reason: "release train", rules: ["RELM_GATE_FREEZE"] } }));
    expect(d.allowed).toBe(true);
    expect(d.overridden).toHaveLength(1);
  });
  it("accepts a member of an allowed group", () => {
    const d = decide(POLICY, facts({ override: { by: "carol", via: "input", reason: "outage", rules: ["freeze"], groups: ["acme/sre"] } }));
    expect(d.override?.accepted).toBe(true);
  });
  const refused = (override: NonNullable<Parameters<typeof facts>[0]>["override"], why: RegExp, yaml = POLICY) => {
    const d = decide(yaml, facts({ ...(override ? { override } : {}) }));
    expect(d.allowed).toBe(false);
    expect(codes(d)).toContain("RELM_GATE_OVERRIDE");
    expect(codes(d)).toContain("RELM_GATE_FREEZE");
    expect(d.override?.accepted).toBe(false);
    expect(d.override?.refusal).toMatch(why);
    expect(d.overridden).toEqual([]);
  };
  it("refuses someone not allowed", () => refused({ by: "mallory", via: "input", reason: "because", rules: ["freeze"] }, /mallory may not override/));
  it("refuses without a reason", () => refused({ by: "alice", via: "input", reason: "  ", rules: ["freeze"] }, /needs a reason/));
  it("refuses a channel the policy does not allow", () => refused({ by: "alice", via: "trailer", reason: "x", rules: ["freeze"] }, /via trailer/));
  it("refuses a label request without the label", () => refused({ by: "alice", via: "label", reason: "x", rules: ["freeze"] }, /label "break-glass"/));
  it("refuses rules the policy does not let an override lift", () => refused({ by: "alice", via: "input", reason: "x", rules: ["freeze", "checks"] }, /does not let an override lift checks/));
  it("refuses a request that names no rule, or an unknown one", () => {
    refused({ by: "alice", via: "input", reason: "x", rules: [] }, /must name the rules/);
    refused({ by: "alice", via: "input", reason: "x", rules: ["everything"] }, /unknown rule/);
  });
  it("refuses every override when the policy has none", () => refused({ by: "alice", via: "input", reason: "x", rules: ["freeze"] }, /allows no override/, "policy:\n  freezes:\n    - { name: always, from: 2020-01-01, until: 2030-01-01 }\n"));
  it("a code lifts only that code: naming RELM_GATE_CHECK_MISSING leaves a failed check blocking", () => {
    const yaml = `policy:\n  checks: [build, test]\n  override:\n    users: [alice]\n`;
    const d = decide(yaml, facts({ checks: [{ name: "test", conclusion: "failure", source: "status" }], override: { by: "alice", via: "input", reason: "INC-1", rules: ["relm_gate_check_missing"] } }));
    expect(d.override).toMatchObject({ accepted: true, rules: ["RELM_GATE_CHECK_MISSING"], lifted: ["RELM_GATE_CHECK_MISSING"] });
    expect(d.overridden.map((v) => v.code)).toEqual(["RELM_GATE_CHECK_MISSING"]);
    expect(codes(d)).toEqual(["RELM_GATE_CHECK_FAILED"]);
    // The rule's name lifts both.
    const both = decide(yaml, facts({ checks: [{ name: "test", conclusion: "failure", source: "status" }], override: { by: "alice", via: "input", reason: "INC-1", rules: ["checks"] } }));
    expect(both.allowed).toBe(true);
    expect(both.overridden.map((v) => v.code).sort()).toEqual(["RELM_GATE_CHECK_FAILED", "RELM_GATE_CHECK_MISSING"]);
  });
  it("accepts a label request when the change carries the label", () => {
    const d = decide(POLICY, facts({ labels: ["break-glass"], override: { by: "alice", via: "label", reason: "x", rules: ["freeze"] } }));
    expect(d.override?.accepted).toBe(true);
    expect(codes(d)).toEqual(["RELM_GATE_CHECK_MISSING"]);
  });
});
