import { describe, expect, it } from "vitest";
import { approvalRuleFor, loadConfig } from "@relm/core";
import { decide, facts } from "./gate-support.ts";

// The CAB rule is the top-level `approval:` (no environment rule), raised by the risk classes.
const YAML = `approval:
  quorum: 1
  users: [alice, bob, carol]
  maxAge: 24h
policy:
  risk:
    classes:
      - name: emergency
        when: [{ override: true }]
      - name: major
        when: [{ bump: [major] }]
        approval: { quorum: 2, maxAge: 4h, separationOfDuties: true }
  freezes:
    - { name: always, from: 2020-01-01, until: 2030-01-01 }
  override:
    users: [alice]
    rules: [freeze]
  environments:
    production: {}
`;

const major = { version: "2.0.0", bump: "major" as const, breaking: true, commits: 3, paths: [] };
const breakGlass = { by: "alice", via: "input" as const, reason: "INC-9 outage", rules: ["freeze"] };

describe("approvalRuleFor", () => {
  const { config } = loadConfig(YAML, ".relm.yml", "abc");
  it("a major release needs the major class's quorum", () => {
    const d = decide(YAML, facts({ environment: "production", release: major }));
    expect(approvalRuleFor(config, "production", d)).toMatchObject({ quorum: 2, maxAge: "4h", separationOfDuties: true });
  });
  it("an override that makes a major release an emergency lifts the freeze it names, not the major class's approval", () => {
    const d = decide(YAML, facts({ environment: "production", release: major, override: breakGlass }));
    expect(d.override).toMatchObject({ accepted: true, lifted: ["RELM_GATE_FREEZE"] });
    expect(d.riskClass).toMatchObject({ name: "emergency", withoutOverride: { name: "major" } });
    expect(approvalRuleFor(config, "production", d)).toMatchObject({ quorum: 2, maxAge: "4h", separationOfDuties: true, users: ["alice", "bob", "carol"] });
  });
  it("without a class that raises it, the top-level rule stands", () => {
    const d = decide(YAML, facts({ environment: "production", release: { ...major, bump: "minor", breaking: false }, override: breakGlass }));
    expect(approvalRuleFor(config, "production", d)).toMatchObject({ quorum: 1, maxAge: "24h" });
  });
});
