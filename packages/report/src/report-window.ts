import { RelmError } from "@relm/core/errors";
import { durationMs } from "@relm/core/time/duration";

/** An instant given as an ISO 8601 date or date-time, or as a duration from `from` (90d, 12w): back by default, ahead when `direction` is 1. */
export function instantOf(text: string, option: string, from: number, direction: 1 | -1 = -1): number {
  const span = durationMs(text);
  if (span !== undefined) return from + direction * span;
  const t = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(t)) {
    throw new RelmError("RELM_REPORT_WINDOW", "usage", `${option} ${JSON.stringify(text)} is neither a duration nor a date`, {
      details: [{ where: option, message: "expected a duration such as 90d or 12w, or an ISO 8601 date such as 2026-01-01 (UTC) or 2026-01-01T00:00:00+01:00" }],
    });
  }
  return t;
}

/** The report's window: --until (default now), and --since as a date or a duration before it (default 90d). `names` are what errors call them (an action's inputs). */
export function reportWindow(since: string | undefined, until: string | undefined, now: Date, names = { since: "--since", until: "--until" }): { since: string; until: string } {
  const end = until === undefined ? now.getTime() : instantOf(until, names.until, now.getTime());
  const start = instantOf(since ?? "90d", names.since, end);
  if (start >= end) {
    throw new RelmError("RELM_REPORT_WINDOW", "usage", `${names.since} ${new Date(start).toISOString()} is not before ${names.until} ${new Date(end).toISOString()}`, {
      details: [{ where: names.since, message: "give a start before the end of the window" }],
    });
  }
  return { since: new Date(start).toISOString(), until: new Date(end).toISOString() };
}
