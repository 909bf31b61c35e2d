// Property tests of the freeze calculator: random cron windows, instants and zones (every zone the
// runtime knows), checked against the windows' own start and end instants and a minute-by-minute oracle.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { changeCalendar, cronSchedule, freezeSpecs, frozenIntervalAt, gateSchema, instantOfWallTime, isFrozen, nextFrozenInterval, unfrozenFrom, wallTimeAt } from "@relm/core";

// Zones with DST (including Lord Howe's half hour and Santiago's southern rules) drawn often, and
// every zone the runtime knows drawn too.
const DST_ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata", "America/Santiago", "Australia/Lord_Howe", "Pacific/Auckland", "Europe/London"];
const ZONES = [...new Set([...DST_ZONES, ...Intl.supportedValuesOf("timeZone")])];
const zoneArb = fc.oneof(fc.constantFrom(...DST_ZONES), fc.constantFrom(...ZONES));

const cronArb = fc
  // Hours 0-3 are where the tz database puts most DST changes: ask about them more often.
  .record({ minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constantFrom(0, 30, 59)), hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 })), dow: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }) })
  .map((c) => `${c.minute} ${c.hour} * * ${c.dow ?? "*"}`);
// Days a few before DST changes in the zones above, so that a good share of runs cross one.
const NEAR_CHANGES = ["2026-03-26", "2026-10-22", "2026-03-05", "2026-10-29", "2026-04-01", "2026-10-01", "2026-09-24", "2027-04-01", "2026-04-02"].map((d) => Date.parse(`${d}T00:00:00Z`));
const instantArb = fc.oneof(
  fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
  fc.tuple(fc.constantFrom(...NEAR_CHANGES), fc.integer({ min: 0, max: 5 * 86_400_000 })).map(([d, o]) => d + o),
);

describe("freeze calculator properties", () => {
  it("a wall time's instant is the first at which the zone's clock shows or passes it", () => {
    const anyWall = fc.record({
      year: fc.integer({ min: 1995, max: 2045 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 })),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    // Early-morning wall times on the days around DST changes: where gaps and repeats are.
    const nearChange = fc
      .tuple(fc.constantFrom(...NEAR_CHANGES), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 59 }))
      .map(([d, days, hour, minute]) => {
        const date = new Date(d + days * 86_400_000);
        return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute };
      });
    const wallArb = fc.oneof(anyWall, nearChange);
    const key = (w: { year: number; month: number; day: number; hour: number; minute: number }) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    fc.assert(
      fc.property(wallArb, zoneArb, (wall, zone) => {
        const i = instantOfWallTime(wall, zone);
        expect(key(wallTimeAt(i, zone))).toBeGreaterThanOrEqual(key(wall));
        expect(key(wallTimeAt(i - 1, zone))).toBeLessThan(key(wall));
      }),
      { numRuns: 2000 },
    );
  });

  it("inside/outside agrees with the window's own start and end instants", () => {
    fc.assert(
      fc.property(cronArb, cronArb, zoneArb, instantArb, (start, end, zone, t) => {
        const [w] = freezeSpecs([{ name: "w", start, end }], zone);
        if (!w || w.kind !== "recurring") return false;
        const interval = frozenIntervalAt(w, t);
        if (interval) {
          if (interval.end === undefined) return false;
          // The window holds t, starts with a start occurrence and ends with the first end after it.
          expect(interval.start).toBeLessThanOrEqual(t);
          expect(t).toBeLessThan(interval.end);
          expect(w.start.atOrBefore(interval.start)).toBe(interval.start);
          expect(isFrozen(w, interval.start - 1)).toBe(false);
          expect(isFrozen(w, interval.start)).toBe(true);
          expect(isFrozen(w, interval.end - 1)).toBe(true);
          expect(isFrozen(w, interval.end)).toBe(false);
          expect(w.end.after(interval.start - 1)).toBe(interval.end);
        } else {
          // Not frozen: no end may lie between the latest start and t.
          const s = w.start.atOrBefore(t);
          const e = w.end.atOrBefore(t);
          expect(s === undefined || (e !== undefined && e >= s)).toBe(true);
          const next = nextFrozenInterval(w, t);
          if (next) {
            expect(next.start).toBeGreaterThan(t);
            expect(isFrozen(w, next.start)).toBe(true);
            expect(isFrozen(w, next.start - 1)).toBe(false);
            // No start between t and it opened a window: each one fell on an end.
            for (let s = w.start.after(t); s !== undefined && s < next.start; s = w.start.after(s)) expect(isFrozen(w, s)).toBe(false);
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("cron occurrences are exactly the first instants the wall clock reaches a matching time (minute-by-minute oracle)", () => {
    fc.assert(
      fc.property(cronArb, zoneArb, instantArb, fc.array(fc.integer({ min: 0, max: 9 * 86_400_000 - 1 }), { maxLength: 8 }), (expr, zone, t0, probes) => {
        const schedule = cronSchedule(expr, zone);
        const [minute, hour] = expr.split(" ").map(Number) as [number, number];
        const dow = expr.split(" ")[4];
        const matches = (y: number, mo: number, d: number, h: number, mi: number) =>
          h === hour && mi === minute && (dow === "*" || new Date(Date.UTC(y, mo - 1, d)).getUTCDay() === Number(dow));
        // Walk minute by minute over 9 days; an occurrence is a minute at which the wall clock first
        // reaches (or jumps over) a matching wall time.
        const start = Math.floor(t0 / 60_000) * 60_000;
        let high = wallTimeAt(start - 60_000, zone);
        const key = (w: typeof high) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
        const oracle: number[] = [];
        for (let m = start; m < start + 9 * 86_400_000; m += 60_000) {
          const wall = wallTimeAt(m, zone);
          if (key(wall) > key(high)) {
            for (let k = key(high) + 60_000; k <= key(wall); k += 60_000) {
              const d = new Date(k);
              if (matches(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes())) {
                oracle.push(m);
                break;
              }
            }
            high = wall;
          }
        }
        const got: number[] = [];
        for (let c = schedule.after(start - 1); c !== undefined && c < start + 9 * 86_400_000; c = schedule.after(c)) got.push(c);
        expect(got).toEqual(oracle);
        for (const o of oracle) expect(schedule.atOrBefore(o)).toBe(o);
        // At any instant in between: the latest occurrence at or before it.
        for (const p of probes) {
          const at = start + p;
          const expected = oracle.filter((o) => o <= at).at(-1);
          if (expected !== undefined) expect(schedule.atOrBefore(at)).toBe(expected);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("several windows: a release may go on again exactly when none holds, and the calendar agrees", () => {
    const windowArb = fc.record({ start: cronArb, end: cronArb, zone: zoneArb });
    fc.assert(
      fc.property(fc.array(windowArb, { minLength: 1, maxLength: 3 }), instantArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }), (windows, t, fractions) => {
        const parsed = gateSchema.safeParse({ freezes: windows.map((w, i) => ({ name: `w${i}`, start: w.start, end: w.end, timeZone: w.zone })) });
        // A window that can never hold is refused by the schema (gate-schema.test.ts); nothing to ask it.
        fc.pre(parsed.success);
        if (!parsed.success) return true;
        const policy = parsed.data;
        const specs = freezeSpecs(policy.freezes, policy.timeZone);
        const until = unfrozenFrom(specs, t);
        if (until === undefined) {
          // Held on for over a year (or no end in sight): then some window holds now.
          expect(specs.some((s) => isFrozen(s, t))).toBe(true);
          return true;
        }
        expect(until).toBeGreaterThanOrEqual(t);
        expect(specs.some((s) => isFrozen(s, until))).toBe(false);
        // Every instant before it is held by some window.
        for (const f of fractions) {
          const u = t + Math.floor(f * (until - t));
          if (u < until) expect(specs.some((s) => isFrozen(s, u))).toBe(true);
        }
        const calendar = changeCalendar(policy, t, undefined, 6);
        const starts = calendar.map((c) => Date.parse(c.start));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        for (const c of calendar) {
          const spec = specs.find((s) => s.name === c.name);
          if (!spec) return false;
          const start = Date.parse(c.start);
          expect(c.active).toBe(start <= t && (c.end === undefined || t < Date.parse(c.end)));
          expect(isFrozen(spec, start)).toBe(true);
          if (c.end !== undefined) expect(isFrozen(spec, Date.parse(c.end))).toBe(false);
        }
        expect(calendar.some((c) => c.active)).toBe(until > t);
        return true;
      }),
      { numRuns: 100 },
    );
  });
});
