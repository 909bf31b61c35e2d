import { describe, expect, it } from "vitest";
import { explainPolicy, loadConfig } from "@relm/core";

const { config } = loadConfig(`policy:
  timeZone: Europe/Berlin
  checks: [build]
  freezes:
    - { name: weekend, start: "0 16 * * 5", end: "0 8 * * 1" }
    - { name: xmas, from: 2026-12-24, until: 2026-12-26, environments: [production] }
  environments:
    staging: {}
    production: { after: [staging], soak: 24h, checks: [e2e], approval: { quorum: 1, users: [alice] } }
`);

describe("policy explain: requirements and change calendar", () => {
  it("lists the next windows in order, with the one holding now first", () => {
    const e = explainPolicy(config.policy, { at: Date.parse("2026-12-19T12:00:00Z"), environment: "production", count: 4 });
    expect(e.frozen).toBe(true);
    expect(e.calendar.map((c) => [c.name, c.start, c.end, c.active])).toEqual([
      ["weekend", "2026-12-18T16:00:00+01:00", "2026-12-21T08:00:00+01:00", true],
      ["xmas", "2026-12-24T00:00:00+01:00", "2026-12-27T00:00:00+01:00", false],
      ["weekend", "2026-12-25T16:00:00+01:00", "2026-12-28T08:00:00+01:00", false],
      ["weekend", "2027-01-01T16:00:00+01:00", "2027-01-04T08:00:00+01:00", false],
    ]);
    expect(e.checks).toEqual(["build", "e2e"]);
    expect(e.after).toEqual(["staging"]);
    expect(e.soak).toBe("24h");
    expect(e.approval).toMatchObject({ quorum: 1, users: ["alice"] });
  });
  it("says when a release may go on again, following overlapping and back-to-back windows", () => {
    // Sat Dec 19: weekend until Mon 21 08:00; then Thu 24 00:00 xmas until Sun 27 00:00, inside the
    // weekend of Fri 25 16:00 to Mon 28 08:00. Frozen on the 24th means frozen until the 28th.
    const xmasEve = explainPolicy(config.policy, { at: Date.parse("2026-12-24T12:00:00+01:00"), environment: "production" });
    expect(xmasEve.frozen).toBe(true);
    expect(xmasEve.frozenUntil).toBe("2026-12-28T08:00:00+01:00");
    expect(explainPolicy(config.policy, { at: Date.parse("2026-12-19T12:00:00Z"), environment: "production" }).frozenUntil).toBe("2026-12-21T08:00:00+01:00");
    // Staging has no Christmas freeze: only the weekend.
    expect(explainPolicy(config.policy, { at: Date.parse("2026-12-24T12:00:00+01:00"), environment: "staging" })).toMatchObject({ frozen: false });
    expect(explainPolicy(config.policy, { at: Date.parse("2026-12-24T12:00:00+01:00"), environment: "staging" }).frozenUntil).toBeUndefined();
  });
  it("says the gate refuses an environment the policy does not declare", () => {
    expect(explainPolicy(config.policy, { at: 0, environment: "prod" })).toMatchObject({ declared: false, refused: true });
    expect(explainPolicy(config.policy, { at: 0, environment: "production" })).toMatchObject({ declared: true, refused: false });
    expect(explainPolicy(loadConfig("policy: {}\n").config.policy, { at: 0, environment: "prod" })).toMatchObject({ declared: false, refused: false });
  });
  it("leaves out windows of other environments", () => {
    const e = explainPolicy(config.policy, { at: Date.parse("2026-12-21T12:00:00Z"), environment: "staging", count: 2 });
    expect(e.frozen).toBe(false);
    expect(e.calendar.map((c) => c.name)).toEqual(["weekend", "weekend"]);
  });
});
