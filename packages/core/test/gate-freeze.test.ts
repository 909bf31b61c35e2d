// Fixed cases of the freeze calculator: DST in Europe/Berlin, America/New_York and Australia/Sydney,
// wall times that do not exist or happen twice, leap days and year ends. Properties: gate-freeze-properties.test.ts.
import { describe, expect, it } from "vitest";
import { freezeSpecs, frozenIntervalAt, instantOfWallTime, isFrozen, nextFrozenInterval, type FreezeSpec } from "@relm/core";

const iso = (s: string) => Date.parse(s);
const weekend = (zone: string): FreezeSpec => {
  const [spec] = freezeSpecs([{ name: "weekend", start: "0 16 * * 5", end: "0 8 * * 1" }], zone);
  if (!spec) throw new Error("no spec");
  return spec;
};
const once = (from: string, until: string, zone: string): FreezeSpec => {
  const [spec] = freezeSpecs([{ name: "holiday", from, until }], zone);
  if (!spec) throw new Error("no spec");
  return spec;
};

describe("wall clock to instant", () => {
  it("a wall time skipped by spring-forward is reached at the change (02:30 -> 03:00)", () => {
    expect(new Date(instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin")).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(new Date(instantOfWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, "America/New_York")).toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(new Date(instantOfWallTime({ year: 2026, month: 10, day: 4, hour: 2, minute: 15 }, "Australia/Sydney")).toISOString()).toBe("2026-10-03T16:00:00.000Z");
  });
  it("a wall time that happens twice (fall-back) is reached at its first instant", () => {
    expect(new Date(instantOfWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin")).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(instantOfWallTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, "America/New_York")).toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(new Date(instantOfWallTime({ year: 2026, month: 4, day: 5, hour: 2, minute: 30 }, "Australia/Sydney")).toISOString()).toBe("2026-04-04T15:30:00.000Z");
  });
});

describe("recurring freeze Fri 16:00 to Mon 08:00", () => {
  it("holds the right instants on the weekend Europe/Berlin springs forward (2026-03-27..30)", () => {
    const w = weekend("Europe/Berlin");
    // Friday 16:00 is still CET (+01:00); Monday 08:00 is CEST (+02:00).
    expect(isFrozen(w, iso("2026-03-27T14:59:59Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-03-27T15:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-03-30T05:59:59Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-03-30T06:00:00Z"))).toBe(false);
    const i = frozenIntervalAt(w, iso("2026-03-28T12:00:00Z"));
    expect(i && [new Date(i.start).toISOString(), i.end && new Date(i.end).toISOString()]).toEqual(["2026-03-27T15:00:00.000Z", "2026-03-30T06:00:00.000Z"]);
  });
  it("holds the right instants on the weekend Europe/Berlin falls back (2026-10-23..26)", () => {
    const w = weekend("Europe/Berlin");
    expect(isFrozen(w, iso("2026-10-23T13:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-10-23T14:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-10-26T06:59:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-10-26T07:00:00Z"))).toBe(false);
  });
  it("America/New_York: spring forward 2026-03-08 and fall back 2026-11-01", () => {
    const w = weekend("America/New_York");
    expect(isFrozen(w, iso("2026-03-06T21:00:00Z"))).toBe(true); // Fri 16:00 EST
    expect(isFrozen(w, iso("2026-03-09T11:59:00Z"))).toBe(true); // Mon 07:59 EDT
    expect(isFrozen(w, iso("2026-03-09T12:00:00Z"))).toBe(false); // Mon 08:00 EDT
    expect(isFrozen(w, iso("2026-10-30T19:59:00Z"))).toBe(false); // Fri 15:59 EDT
    expect(isFrozen(w, iso("2026-10-30T20:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-11-02T12:59:00Z"))).toBe(true); // Mon 07:59 EST
    expect(isFrozen(w, iso("2026-11-02T13:00:00Z"))).toBe(false);
  });
  it("Australia/Sydney: DST ends 2026-04-05 and starts 2026-10-04 (southern hemisphere)", () => {
    const w = weekend("Australia/Sydney");
    expect(isFrozen(w, iso("2026-04-03T05:00:00Z"))).toBe(true); // Fri 16:00 AEDT (+11)
    expect(isFrozen(w, iso("2026-04-03T04:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-04-05T21:59:00Z"))).toBe(true); // Mon 07:59 AEST (+10)
    expect(isFrozen(w, iso("2026-04-05T22:00:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-10-02T06:00:00Z"))).toBe(true); // Fri 16:00 AEST
    expect(isFrozen(w, iso("2026-10-04T20:59:00Z"))).toBe(true); // Mon 07:59 AEDT
    expect(isFrozen(w, iso("2026-10-04T21:00:00Z"))).toBe(false);
  });
  it("a window starting at a wall time that does not exist that day still starts, at the change", () => {
    const [w] = freezeSpecs([{ name: "night", start: "30 2 * * *", end: "0 5 * * *" }], "Europe/Berlin");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2026-03-29T00:59:59Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-03-29T01:00:00Z"))).toBe(true); // 03:00 CEST: 02:30 was skipped
    expect(isFrozen(w, iso("2026-03-29T02:59:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-03-29T03:00:00Z"))).toBe(false); // 05:00 CEST
  });
  it("Sydney and New York: a start at a wall time skipped that night starts at the change", () => {
    const [sydney] = freezeSpecs([{ name: "night", start: "30 2 * * *", end: "0 6 * * *" }], "Australia/Sydney");
    if (!sydney) throw new Error("no spec");
    // 2026-10-04: 02:00 AEST jumps to 03:00 AEDT (16:00Z on the 3rd).
    expect(isFrozen(sydney, iso("2026-10-03T15:59:59Z"))).toBe(false);
    expect(isFrozen(sydney, iso("2026-10-03T16:00:00Z"))).toBe(true);
    expect(isFrozen(sydney, iso("2026-10-03T18:59:00Z"))).toBe(true); // 05:59 AEDT
    expect(isFrozen(sydney, iso("2026-10-03T19:00:00Z"))).toBe(false); // 06:00 AEDT
    const [ny] = freezeSpecs([{ name: "night", start: "30 2 * * 0", end: "0 4 * * 0" }], "America/New_York");
    if (!ny) throw new Error("no spec");
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
    expect(isFrozen(ny, iso("2026-03-08T06:59:00Z"))).toBe(false);
    expect(isFrozen(ny, iso("2026-03-08T07:00:00Z"))).toBe(true);
    expect(isFrozen(ny, iso("2026-03-08T07:59:00Z"))).toBe(true);
    expect(isFrozen(ny, iso("2026-03-08T08:00:00Z"))).toBe(false); // 04:00 EDT
    // A week later, an ordinary Sunday: 02:30 to 04:00 EDT.
    expect(isFrozen(ny, iso("2026-03-15T06:29:00Z"))).toBe(false);
    expect(isFrozen(ny, iso("2026-03-15T06:30:00Z"))).toBe(true);
  });
  it("a window in the hour that repeats (fall-back) holds once, from the first 01:00 to the first 02:00", () => {
    const [w] = freezeSpecs([{ name: "dup", start: "0 1 * * *", end: "0 2 * * *" }], "America/New_York");
    if (!w) throw new Error("no spec");
    // 2026-11-01: 01:00 EDT (05:00Z), then 02:00 EDT becomes 01:00 EST (06:00Z).
    expect(isFrozen(w, iso("2026-11-01T04:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-11-01T05:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-11-01T05:59:00Z"))).toBe(true);
    // The wall clock shows 02:00 for the first time at 07:00Z (02:00 EST): the window ends there.
    expect(isFrozen(w, iso("2026-11-01T06:30:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-11-01T07:00:00Z"))).toBe(false);
  });
  it("a window ending at an ambiguous wall time ends at its first occurrence", () => {
    const [w] = freezeSpecs([{ name: "night", start: "0 1 * * *", end: "30 2 * * *" }], "Europe/Berlin");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2026-10-25T00:29:00Z"))).toBe(true); // 02:29 CEST
    expect(isFrozen(w, iso("2026-10-25T00:30:00Z"))).toBe(false); // 02:30 CEST
    expect(isFrozen(w, iso("2026-10-25T01:30:00Z"))).toBe(false); // 02:30 CET, second time round
  });
});

describe("leap days and year ends", () => {
  it("a Feb 29 freeze recurs only in leap years", () => {
    const [w] = freezeSpecs([{ name: "leap", start: "0 0 29 2 *", end: "0 0 1 3 *" }], "UTC");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2028-02-29T12:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2027-02-28T12:00:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2027-03-01T12:00:00Z"))).toBe(false);
    const next = nextFrozenInterval(w, iso("2025-01-01T00:00:00Z"));
    expect(next && new Date(next.start).toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });
  it("a one-off window over the year end, with a whole-day until, in the window's zone", () => {
    const w = once("2026-12-24T12:00", "2027-01-01", "Europe/Berlin");
    expect(isFrozen(w, iso("2026-12-24T10:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-12-24T11:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-12-31T23:00:00Z"))).toBe(true); // 00:00 Jan 1 Berlin: still frozen
    expect(isFrozen(w, iso("2027-01-01T22:59:59Z"))).toBe(true);
    expect(isFrozen(w, iso("2027-01-01T23:00:00Z"))).toBe(false); // 00:00 Jan 2 Berlin
  });
  it("a recurring New Year freeze crosses the year boundary", () => {
    const [w] = freezeSpecs([{ name: "new-year", start: "0 18 31 12 *", end: "0 9 2 1 *" }], "America/New_York");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2027-01-01T12:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-12-31T22:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2026-12-31T23:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2027-01-02T14:00:00Z"))).toBe(false);
  });
  it("a New Year window in Sydney, where the year ends in summer time", () => {
    const [w] = freezeSpecs([{ name: "new-year", start: "0 23 31 12 *", end: "0 1 1 1 *" }], "Australia/Sydney");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2026-12-31T11:59:00Z"))).toBe(false); // 22:59 AEDT (+11)
    expect(isFrozen(w, iso("2026-12-31T12:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2026-12-31T13:59:00Z"))).toBe(true); // 00:59 on Jan 1
    expect(isFrozen(w, iso("2026-12-31T14:00:00Z"))).toBe(false);
    const i = frozenIntervalAt(w, iso("2026-12-31T13:00:00Z"));
    expect(i && [new Date(i.start).toISOString(), i.end && new Date(i.end).toISOString()]).toEqual(["2026-12-31T12:00:00.000Z", "2026-12-31T14:00:00.000Z"]);
  });
  it("a window from the last day of February recurs on the 29th in leap years only", () => {
    const [w] = freezeSpecs([{ name: "month-end", start: "0 18 28 2 *", end: "0 6 1 3 *" }], "Europe/Berlin");
    if (!w) throw new Error("no spec");
    expect(isFrozen(w, iso("2028-02-29T12:00:00Z"))).toBe(true); // leap year: the 29th is inside
    expect(isFrozen(w, iso("2028-03-01T04:59:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2028-03-01T05:00:00Z"))).toBe(false); // 06:00 CET
    expect(isFrozen(w, iso("2027-02-28T17:00:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2027-03-01T05:00:00Z"))).toBe(false);
  });
  it("a one-off window on a leap day", () => {
    const w = once("2028-02-29", "2028-02-29", "Australia/Sydney");
    expect(isFrozen(w, iso("2028-02-28T12:59:00Z"))).toBe(false);
    expect(isFrozen(w, iso("2028-02-28T13:00:00Z"))).toBe(true); // 00:00 Feb 29 AEDT
    expect(isFrozen(w, iso("2028-02-29T12:59:00Z"))).toBe(true);
    expect(isFrozen(w, iso("2028-02-29T13:00:00Z"))).toBe(false);
  });
});
