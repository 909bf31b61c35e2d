// `relm calendar` as ICS, parsed back with ical.js (another library than the one that wrote it):
// every freeze occurrence it expands, in its own time zone, agrees with the gate's own judgement at
// the same instants, on DST switch days of two zones too.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluatePolicy, loadConfig, type GatePolicy } from "@relm/core";
import { reportFixture } from "./support/report-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

const POLICY = `policy:
  timeZone: Europe/Berlin
  environments:
    production: {}
    staging: {}
  freezes:
    - name: weekend
      start: "0 18 * * 5"
      end: "0 8 * * 1"
    - name: nightly
      start: "0 22 * * *"
      end: "0 6 * * *"
      environments: [production]
    - name: us close
      start: "30 16 * * 1-5"
      end: "0 9 * * *"
      timeZone: America/New_York
    - name: friday the 13th
      start: "0 12 13 * 5"
      end: "0 14 * * *"
    - name: summer break
      from: "2026-08-01"
      until: "2026-08-10T12:00"
      reason: "team away; no releases"
  schedule:
    slots:
      - train: "every 2nd Tuesday 10:00"
        from: 2026-01-06
        window: 2h
`;
// 2026: Europe switches on Mar 29 and Oct 25, the US on Mar 8 and Nov 1.
const FROM = "2026-03-01T00:00:00Z";
const TO = "2026-11-15T00:00:00Z";
const SWITCH_DAYS = ["2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01"];

interface Occurrence {
  summary: string;
  start: number;
  end: number;
  recurring: boolean;
}

function expand(ics: string, until: number): Occurrence[] {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const out: Occurrence[] = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    if (!event.isRecurring()) {
      out.push({ summary: event.summary, start: event.startDate.toJSDate().getTime(), end: event.endDate.toJSDate().getTime(), recurring: false });
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next && next.toJSDate().getTime() < until; next = it.next()) {
      const d = event.getOccurrenceDetails(next);
      out.push({ summary: event.summary, start: d.startDate.toJSDate().getTime(), end: d.endDate.toJSDate().getTime(), recurring: true });
    }
  }
  return out;
}

describe("relm calendar", () => {
  let fixture: Awaited<ReturnType<typeof reportFixture>>;
  let cwd: string;
  let policy: GatePolicy;
  let occurrences: Occurrence[];
  beforeAll(async () => {
    fixture = await reportFixture();
    cwd = mkdtempSync(join(tmpdir(), "relm-calendar-"));
    writeFileSync(join(cwd, ".relm.yml"), POLICY);
    const loaded = loadConfig(POLICY).config.policy;
    if (!loaded) throw new Error("the test policy has no policy section");
    policy = loaded;
    const out = join(cwd, "calendar.ics");
    const run = runRelm(["calendar", "--registry", `file:${fixture.dir}`, "--from", FROM, "--to", TO, "--env", "production", "--out", out], { cwd });
    expect(run.code, run.stderr).toBe(0);
    occurrences = expand(readFileSync(out, "utf8"), Date.parse(TO));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  const gateFreezes = (t: number): string[] =>
    evaluatePolicy({ at: new Date(t).toISOString(), environment: "production", ref: { kind: "branch", name: "main" }, commit: "0".repeat(40) }, policy)
      .activeFreezes.map((f) => f.name)
      .sort();
  const icsFreezes = (t: number): string[] =>
    occurrences
      .filter((o) => o.summary.startsWith("Freeze: ") && o.start <= t && t < o.end)
      .map((o) => o.summary.replace(/^Freeze: /, "").replace(/ \(production\)$/, ""))
      .sort();

  it("writes recurring windows as RRULE in their zone, and a window no rule repeats exactly as single events", () => {
    const text = readFileSync(join(cwd, "calendar.ics"), "utf8");
    expect(text).toContain("DTSTART;TZID=Europe/Berlin:20260227T180000");
    expect(text).toMatch(/RRULE:FREQ=DAILY;UNTIL=\d{8}T\d{6}Z;BYMINUTE=0;BYHOUR=18;BYDAY=FR/);
    expect(text).toContain("DTSTART;TZID=America/New_York:");
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York");
    const byName = (name: string) => occurrences.filter((o) => o.summary.startsWith(`Freeze: ${name}`));
    expect(byName("weekend").every((o) => o.recurring)).toBe(true);
    expect(byName("nightly").every((o) => o.recurring)).toBe(true);
    // Day of month OR weekday (cron) has no RRULE; the gate's intervals are listed one by one.
    expect(byName("friday the 13th").length).toBeGreaterThan(30);
    expect(byName("friday the 13th").some((o) => o.recurring)).toBe(false);
    expect(byName("summer break")).toEqual([{ summary: "Freeze: summer break", start: Date.parse("2026-07-31T22:00:00Z"), end: Date.parse("2026-08-10T10:00:00Z"), recurring: false }]);
  });

  it("every occurrence starts and ends where the gate's judgement changes", () => {
    const freezes = occurrences.filter((o) => o.summary.startsWith("Freeze: "));
    expect(freezes.length).toBeGreaterThan(400);
    for (const o of freezes) {
      const name = o.summary.replace(/^Freeze: /, "").replace(/ \(production\)$/, "");
      const at = (t: number) => gateFreezes(t).includes(name);
      expect([at(o.start - 1), at(o.start), at(o.end - 1), at(o.end)], `${name} ${new Date(o.start).toISOString()} to ${new Date(o.end).toISOString()}`).toEqual([false, true, true, false]);
    }
  });

  it("agrees with the gate every quarter hour of the DST switch days, and hourly across the span", () => {
    const instants: number[] = [];
    for (const day of SWITCH_DAYS) for (let t = Date.parse(`${day}T00:00:00Z`) - 6 * 3_600_000; t < Date.parse(`${day}T00:00:00Z`) + 30 * 3_600_000; t += 900_000) instants.push(t);
    for (let t = Date.parse(FROM); t < Date.parse(TO); t += 3_600_000 * 7 + 60_000 * 13) instants.push(t);
    const disagreements = instants.filter((t) => gateFreezes(t).join() !== icsFreezes(t).join()).map((t) => `${new Date(t).toISOString()}: gate ${gateFreezes(t).join(", ")}; ics ${icsFreezes(t).join(", ")}`);
    expect(disagreements).toEqual([]);
  });

  it("has the planned slots on their wall clock across the DST switch", () => {
    const planned = occurrences.filter((o) => o.summary.startsWith("Planned release: ")).map((o) => [new Date(o.start).toISOString(), (o.end - o.start) / 3_600_000]);
    expect(planned.slice(0, 3)).toEqual([["2026-03-03T09:00:00.000Z", 2], ["2026-03-17T09:00:00.000Z", 2], ["2026-03-31T08:00:00.000Z", 2]]);
    expect(planned.every(([at]) => new Date(String(at)).getUTCDay() === 2)).toBe(true);
  });

  it("has the releases and deployments of the span, and the same as JSON", () => {
    const releases = occurrences.filter((o) => o.summary.startsWith("Release ")).map((o) => o.summary);
    expect(releases).toEqual(["Release 2.0.1"]);
    const run = runRelmJson<{ releases: { version: string }[]; deployments: { id: string }[]; freezes: { name: string; recurrence?: unknown }[] }>(["calendar", "--registry", `file:${fixture.dir}`, "--from", "2026-01-01", "--to", "2026-03-01"], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.releases.map((r) => r.version)).toEqual(["1.0.0", "1.1.0", "1.1.1", "2.0.0"]);
    expect(run.json.deployments.map((d) => d.id)).toEqual(["dep-1", "dep-2s", "dep-2", "dep-3", "dep-4", "dep-5"]);
    expect(run.json.freezes.map((f) => [f.name, f.recurrence !== undefined])).toEqual([["weekend", true], ["nightly", true], ["us close", true], ["friday the 13th", false], ["summer break", false]]);
  });

  it("refuses a bad span or format naming the option (exit 2)", () => {
    const span = runRelm(["calendar", "--registry", `file:${fixture.dir}`, "--from", "2026-05-01", "--to", "2026-04-01"], { cwd });
    expect(span.code).toBe(2);
    expect(span.stderr).toContain("is not before --to");
    const format = runRelm(["calendar", "--registry", `file:${fixture.dir}`, "--format", "pdf"], { cwd });
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("expected ics or json");
  });
});
