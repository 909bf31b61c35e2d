import { createHash } from "node:crypto";
import { ICalCalendar } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Calendar, CalendarFreeze } from "@relm/core/calendar/index";
import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

const uid = (...parts: string[]): string => `${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32)}@relm`;

/** `start` plus a wall-clock length in its zone: a freeze from Friday 18:00 to Monday 08:00 stays so across DST. */
function wallEnd(start: DateTime, minutes: number): DateTime {
  return start.setZone("UTC", { keepLocalTime: true }).plus({ minutes }).setZone(start.zone, { keepLocalTime: true });
}

function rrule(r: NonNullable<CalendarFreeze["recurrence"]>): string {
  const until = DateTime.fromISO(r.until, { zone: "utc" }).toFormat("yyyyMMdd'T'HHmmss'Z'");
  const parts = [`FREQ=DAILY`, `UNTIL=${until}`, `BYMINUTE=${r.byMinute.join(",")}`, `BYHOUR=${r.byHour.join(",")}`];
  if (r.byMonthDay) parts.push(`BYMONTHDAY=${r.byMonthDay.join(",")}`);
  if (r.byMonth) parts.push(`BYMONTH=${r.byMonth.join(",")}`);
  if (r.byDay) parts.push(`BYDAY=${r.byDay.join(",")}`);
  return parts.join(";");
}

function freezeText(f: CalendarFreeze): { summary: string; description: string } {
  const scope = f.environments ? ` (${f.environments.join(", ")})` : "";
  return {
    summary: shownInvisibles(`Freeze: ${f.name}${scope}`),
    description: shownInvisibles([f.reason, f.cron ? `cron ${f.cron.start} to ${f.cron.end} in ${f.timeZone}` : undefined, `source: ${f.source}`].filter(Boolean).join("\n")),
  };
}

/**
 * The change calendar as RFC 5545: each recurring freeze as one event with an RRULE in its own time
 * zone (TZID and its VTIMEZONE), so DST holds in every reader; a window no rule can repeat exactly as
 * the gate judges it, one event per interval; planned slots in their zone; releases and deployments
 * as moments, in UTC.
 */
export function calendarIcs(c: Calendar, options: { name: string; now: Date }): string {
  const cal = new ICalCalendar({ name: options.name, prodId: { company: "relm", product: "relm calendar", language: "EN" } });
  cal.timezone({ name: null, generator: (tz: string) => String(tzlib_get_ical_block(tz)[0] ?? "") });
  for (const f of c.freezes) {
    const text = freezeText(f);
    const events = f.recurrence ? f.occurrences.slice(0, 1) : f.occurrences;
    events.forEach((o, i) => {
      const start = DateTime.fromISO(o.start, { zone: f.timeZone });
      const end = f.recurrence ? wallEnd(start, f.recurrence.wallMinutes) : DateTime.fromISO(o.end ?? c.to, { zone: f.timeZone });
      cal.createEvent({
        id: uid("freeze", f.source, f.name, f.recurrence ? "series" : String(i), o.start),
        start,
        end,
        timezone: f.timeZone,
        stamp: options.now,
        summary: text.summary,
        description: text.description,
        categories: [{ name: "relm-freeze" }],
        ...(f.recurrence ? { repeating: rrule(f.recurrence) } : {}),
      });
    });
  }
  for (const p of c.planned) {
    cal.createEvent({ id: uid("planned", p.name, p.start), start: DateTime.fromISO(p.start, { zone: p.timeZone }), end: DateTime.fromISO(p.end, { zone: p.timeZone }), timezone: p.timeZone, stamp: options.now, summary: shownInvisibles(`Planned release: ${p.name}`), categories: [{ name: "relm-planned" }] });
  }
  for (const r of c.releases) {
    const name = `${r.package ? `${r.package}@` : ""}${r.version}`;
    cal.createEvent({ id: uid("release", name), start: new Date(r.at), end: new Date(r.at), stamp: options.now, summary: shownInvisibles(`Release ${name}`), description: shownInvisibles(`tag ${r.tag}`), categories: [{ name: "relm-release" }] });
  }
  for (const d of c.deployments) {
    const name = `${d.package ? `${d.package}@` : ""}${d.version}`;
    cal.createEvent({ id: uid("deployment", d.id, d.status), start: new Date(d.at), end: new Date(d.at), stamp: options.now, summary: shownInvisibles(`Deployment ${name} to ${d.environment}: ${d.status}`), categories: [{ name: "relm-deployment" }] });
  }
  return cal.toString();
}
