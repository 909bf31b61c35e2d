import { describe, expect, it } from "vitest";
import { loadConfig, nextSlot, parseTrain, slotsBetween, type ScheduleConfig } from "@relm/core";
import { codes, decide, facts } from "./gate-support.ts";

const POLICY = `policy:
  timeZone: Europe/Berlin
  risk:
    classes:
      - name: emergency
        when:
          - labels: [hotfix]
  schedule:
    require: [normal]
    slots:
      - train: "every 2nd Tuesday 10:00 Europe/Berlin"
        from: 2026-01-06
        window: 2h
      - name: spring release
        at: 2026-03-19T14:00
`;

const schedule = (): ScheduleConfig => {
  const s = loadConfig(POLICY).config.policy?.schedule;
  if (!s) throw new Error("no schedule");
  return s;
};
const iso = (ms: number) => new Date(ms).toISOString();

describe("the release schedule", () => {
  it("reads trains, and says why a text is not one", () => {
    expect(parseTrain("every 2nd Tuesday 10:00 Europe/Berlin")).toEqual({ interval: 2, weekday: 2, hour: 10, minute: 0, timeZone: "Europe/Berlin" });
    expect(parseTrain("every Friday 9:30")).toEqual({ interval: 1, weekday: 5, hour: 9, minute: 30 });
    expect(parseTrain("every 2nd Tuesdy 10:00")).toMatch(/"Tuesdy" is not a weekday/);
    expect(parseTrain("every Tuesday 10:00 Mars/Olympus")).toMatch(/not an IANA time zone/);
    expect(parseTrain("fortnightly")).toMatch(/expected "every \[Nth\]/);
  });

  it("opens the train's slots every other week on the Berlin wall clock, across the DST switch", () => {
    const slots = slotsBetween(schedule(), "Europe/Berlin", Date.parse("2026-03-01T00:00:00Z"), Date.parse("2026-04-20T00:00:00Z"));
    expect(slots.map((s) => [s.name, iso(s.start), iso(s.end)])).toEqual([
      ["every 2nd Tuesday 10:00 Europe/Berlin", "2026-03-03T09:00:00.000Z", "2026-03-03T11:00:00.000Z"],
      ["every 2nd Tuesday 10:00 Europe/Berlin", "2026-03-17T09:00:00.000Z", "2026-03-17T11:00:00.000Z"],
      ["spring release", "2026-03-19T13:00:00.000Z", "2026-03-19T17:00:00.000Z"],
      // 10:00 CEST (summer time began on 29 March) is 08:00 UTC.
      ["every 2nd Tuesday 10:00 Europe/Berlin", "2026-03-31T08:00:00.000Z", "2026-03-31T10:00:00.000Z"],
      ["every 2nd Tuesday 10:00 Europe/Berlin", "2026-04-14T08:00:00.000Z", "2026-04-14T10:00:00.000Z"],
    ]);
    expect(iso(nextSlot(schedule(), "Europe/Berlin", Date.parse("2026-03-17T10:00:00Z"))?.start ?? 0)).toBe("2026-03-19T13:00:00.000Z");
  });

  it("refuses a normal change outside every slot with RELM_GATE_SCHEDULE naming the next one", () => {
    const d = decide(POLICY, facts({ at: "2026-03-18T10:00:00Z" }));
    expect(codes(d)).toEqual(["RELM_GATE_SCHEDULE"]);
    const v = d.violations[0];
    expect(v?.message).toContain("the next slot is spring release at 2026-03-19T14:00:00+01:00");
    expect(v?.where).toMatchObject({ file: ".relm.yml", line: 9, key: "policy.schedule" });
    expect(v?.facts).toMatchObject({ classes: ["normal"], next: { name: "spring release" } });
  });

  it("lets a normal change through inside a slot, and an emergency change at any time", () => {
    expect(decide(POLICY, facts({ at: "2026-03-17T10:59:00Z" })).allowed).toBe(true);
    expect(codes(decide(POLICY, facts({ at: "2026-03-17T11:00:00Z" })))).toEqual(["RELM_GATE_SCHEDULE"]);
    expect(decide(POLICY, facts({ at: "2026-03-18T10:00:00Z", labels: ["hotfix"] })).allowed).toBe(true);
  });

  it("policy errors name the slot's line", () => {
    const bad = `policy:\n  schedule:\n    slots:\n      - train: "every Tusday 10:00"\n      - at: 2026-03-19\n`;
    let details: unknown;
    try {
      loadConfig(bad);
    } catch (error) {
      details = (error as { details?: unknown }).details;
    }
    expect(details).toEqual([
      { where: ".relm.yml:4 policy.schedule.slots.0.train", message: '"Tusday" is not a weekday (Monday … Sunday)' },
      { where: ".relm.yml:5 policy.schedule.slots.1.name", message: "a dated slot needs a name" },
    ]);
  });
});
