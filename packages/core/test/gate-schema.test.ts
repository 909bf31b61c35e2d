import { describe, expect, it } from "vitest";
import { isRelmError, loadConfig, type RelmError } from "@relm/core";

function failure(text: string): RelmError {
  try {
    loadConfig(text, ".relm.yml");
  } catch (e) {
    if (isRelmError(e)) return e;
    throw e;
  }
  throw new Error("expected a configuration error");
}

describe("policy schema", () => {
  it("accepts a full policy and fills defaults", () => {
    const { config } = loadConfig(`policy:
  timeZone: Europe/Berlin
  branches: [main]
  freezes:
    - { name: weekend, start: "0 16 * * 5", end: "0 8 * * 1", timeZone: America/New_York }
    - { name: xmas, from: 2026-12-20, until: "2027-01-06T09:00" }
  override: { users: [alice] }
  environments:
    staging: {}
    production: { after: [staging], soak: 24h, approval: { quorum: 2, users: [a, b] } }
`);
    expect(config.policy?.checks).toEqual([]);
    expect(config.policy?.override?.via).toEqual(["input"]);
    expect(config.policy?.environments.production?.approval).toMatchObject({ quorum: 2, separationOfDuties: true, maxAge: "24h" });
  });
  it.each([
    ["a bad cron, at its line", `policy:\n  freezes:\n    - name: x\n      start: "0 16 * *"\n      end: "0 8 * * 1"\n`, ".relm.yml:4 policy.freezes.0.start", /5 fields/],
    ["an unknown time zone", `policy:\n  timeZone: Europe/Berlín\n`, ".relm.yml:2 policy.timeZone", /IANA/],
    ["a window mixing cron and dates", `policy:\n  freezes:\n    - { name: x, start: "0 1 * * *", end: "0 2 * * *", from: 2026-01-01 }\n`, ".relm.yml:3 policy.freezes.0.from", /either recurring/],
    ["a date that does not exist", `policy:\n  freezes:\n    - name: x\n      from: 2027-02-29\n      until: 2027-03-01\n`, ".relm.yml:4 policy.freezes.0.from", /expected a date/],
    ["an unknown environment in after", `policy:\n  environments:\n    production:\n      after: [stagin]\n`, ".relm.yml:4 policy.environments.production.after.0", /unknown environment "stagin"/],
    ["a promotion cycle", `policy:\n  environments:\n    a: { after: [b] }\n    b: { after: [a] }\n`, "policy.environments.a.after", /cycle: a -> b -> a/],
    ["a typo in a key", `policy:\n  freezes: []\n  brnaches: [main]\n`, ".relm.yml:3 policy.brnaches", /Unrecognized key/i],
    ["an override rule that does not exist", `policy:\n  override:\n    rules: [everything]\n`, ".relm.yml:3 policy.override.rules.0", /./],
    ["a one-off window that ends before it starts", `policy:\n  freezes:\n    - name: x\n      from: 2026-12-24\n      until: "2026-12-23T10:00"\n`, ".relm.yml:5 policy.freezes.0.until", /not after from/],
    ["a freeze for an undeclared environment", `policy:\n  freezes:\n    - { name: x, from: 2026-12-24, until: 2026-12-26, environments: [prodution] }\n  environments:\n    production: {}\n`, "policy.freezes.0.environments.0", /unknown environment "prodution"/],
    ["a risk class for an undeclared environment", `policy:\n  risk:\n    classes:\n      - name: major\n        environments: [prod]\n`, ".relm.yml:5 policy.risk.classes.0.environments.0", /unknown environment "prod"/],
    ["a bad approval quorum", `policy:\n  environments:\n    prod:\n      approval: { quorum: 0 }\n`, "policy.environments.prod.approval.quorum", /./],
    ["a branch glob with an unclosed bracket", `policy:\n  branches:\n    - main\n    - "release/["\n`, ".relm.yml:4 policy.branches.1", /not a usable glob: Missing closing: "\]"/],
    ["a tag glob with an unclosed brace (picomatch would match nothing)", `policy:\n  tags: ["v{1,2"]\n`, ".relm.yml:2 policy.tags.0", /not a usable glob/],
    ["a negated branch glob (it would allow every other branch)", `policy:\n  branches: ["!feature/*"]\n`, ".relm.yml:2 policy.branches.0", /negated glob/],
    ["a branch glob written as a full ref", `policy:\n  branches: [refs/heads/main]\n`, ".relm.yml:2 policy.branches.0", /short names/],
    ["a branch glob with a space", `policy:\n  environments:\n    prod:\n      branches: ["main "]\n`, ".relm.yml:4 policy.environments.prod.branches.0", /white space/],
    ["a broken path glob in a risk condition (the class would silently never match)", `policy:\n  risk:\n    classes:\n      - name: major\n        when:\n          - paths: ["db/[migrations/**"]\n`, ".relm.yml:6 policy.risk.classes.0.when.0.paths.0", /not a usable glob/],
    ["a fixed offset instead of a time zone", `policy:\n  timeZone: "+01:00"\n`, ".relm.yml:2 policy.timeZone", /not an offset/],
    ["a window's own time zone", `policy:\n  freezes:\n    - { name: x, from: 2026-12-24, until: 2026-12-26, timeZone: Mars/Olympus }\n`, ".relm.yml:3 policy.freezes.0.timeZone", /IANA/],
    ["a recurring window whose start and end are the same", `policy:\n  freezes:\n    - name: x\n      start: "0 8 * * 1"\n      end: "0  8 * * 1"\n`, ".relm.yml:5 policy.freezes.0.end", /never hold/],
    ["a recurring window whose every start falls on an end", `policy:\n  freezes:\n    - name: x\n      start: "0 8 * * 1"\n      end: "0 8 * * *"\n`, ".relm.yml:5 policy.freezes.0.end", /never hold/],
    ["a cron expression for a day that never comes", `policy:\n  freezes:\n    - name: x\n      start: "0 0 30 2 *"\n      end: "0 0 1 3 *"\n`, ".relm.yml:4 policy.freezes.0.start", /day of month/],
    ["a risk class declared twice", `policy:\n  risk:\n    classes:\n      - { name: major, when: [{ bump: [major] }] }\n      - { name: major, when: [{ breaking: true }] }\n`, ".relm.yml:5 policy.risk.classes.1.name", /declared twice/],
    ["policy: with nothing under it", `policy:\n`, ".relm.yml:1 policy", /expected object/],
  ])("reports %s with key and line", (_name, text, where, message) => {
    const e = failure(text);
    expect(e.kind).toBe("config");
    expect(e.code).toBe("RELM_CONFIG_INVALID");
    const detail = e.details.find((d) => d.where?.includes(where));
    expect(detail, JSON.stringify(e.details)).toBeDefined();
    expect(detail?.message).toMatch(message);
  });

  it("accepts the globs, zones and windows that are fine", () => {
    const { config } = loadConfig(`policy:
  timeZone: Etc/GMT-1
  branches: [main, "release/**", "hotfix/[0-9]*", "{dev,next}"]
  tags: ["v*.*.*"]
  freezes:
    - { name: nightly, start: "0 22 * * *", end: "0 6 * * *" }
    - { name: monday-morning, start: "0 6 * * 1", end: "0 8 * * *" }
  risk:
    classes:
      - { name: major, when: [{ paths: ["db/migrations/**", "infra/{prod,dr}/**", "docs/release notes/*"] }] }
`);
    expect(config.policy?.branches).toHaveLength(4);
    expect(config.policy?.freezes).toHaveLength(2);
  });

  it("keeps the file's text on one line in errors: a key cannot start a workflow command in the log", () => {
    const e = failure(`policy:\n  "evil\\n::error::pwned": 1\n  environments:\n    "a\\u2028b": {}\n`);
    const text = [e.message, ...e.details.flatMap((d) => [d.where ?? "", d.message])].join("|");
    expect(text).not.toMatch(/[\n\r\u2028]/);
    expect(e.details.map((d) => d.where)).toContain('.relm.yml:2 policy."evil\\n::error::pwned"');
  });
});
