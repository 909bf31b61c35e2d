import { CronExpressionParser, type CronExpression } from "cron-parser";
import { instantOfWallTime, wallTimeAsUtc, wallTimeAt, wallTimeFromUtc } from "./wall-clock.ts";

/**
 * The instants a 5-field cron expression names in an IANA time zone. Fields are matched against the
 * zone's wall clock; each matching wall time happens once, at the first instant the clock shows or
 * passes it (see instantOfWallTime), so DST changes neither skip nor repeat an occurrence.
 */
export interface CronSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** The latest occurrence at or before `instant`; undefined when there is none within the search span. */
  atOrBefore(instant: number): number | undefined;
  /** The earliest occurrence strictly after `instant`; undefined when there is none within the search span. */
  after(instant: number): number | undefined;
}

const HOUR = 3_600_000;
// Wider than any UTC offset change the tz database knows (two hours at most), so stepping along
// wall time from here cannot miss an occurrence whose instant is on the other side of `instant`.
const MARGIN = 3 * HOUR;
// Enough to find Feb 29 from any date, plus slack.
const SPAN_YEARS = 9;

/** Why a cron expression is unusable, or undefined when it is fine (5 fields, valid, occurs at all). */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  try {
    const probe = CronExpressionParser.parse(fields.join(" "), { tz: "UTC", currentDate: new Date(Date.UTC(2000, 0, 1)) });
    probe.next();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  const text = expression.trim().split(/\s+/).join(" ");
  const iterate = (fromUtcWall: number): CronExpression =>
    CronExpressionParser.parse(text, { tz: "UTC", currentDate: new Date(fromUtcWall), endDate: new Date(fromUtcWall + SPAN_YEARS * 366 * 24 * HOUR) });
  const iterateBack = (fromUtcWall: number): CronExpression =>
    CronExpressionParser.parse(text, { tz: "UTC", currentDate: new Date(fromUtcWall), startDate: new Date(fromUtcWall - SPAN_YEARS * 366 * 24 * HOUR) });
  const instantOf = (utcWall: number): number => instantOfWallTime(wallTimeFromUtc(utcWall), timeZone);

  return {
    expression: text,
    timeZone,
    atOrBefore(instant) {
      // Instants grow with wall time, so walk wall time backwards from past `instant` until we cross it.
      const expr = iterateBack(wallTimeAsUtc(wallTimeAt(instant, timeZone)) + MARGIN);
      for (;;) {
        let wall: number;
        try {
          wall = expr.prev().getTime();
        } catch {
          return undefined;
        }
        const at = instantOf(wall);
        if (at <= instant) return at;
      }
    },
    after(instant) {
      const expr = iterate(wallTimeAsUtc(wallTimeAt(instant, timeZone)) - MARGIN);
      for (;;) {
        let wall: number;
        try {
          wall = expr.next().getTime();
        } catch {
          return undefined;
        }
        const at = instantOf(wall);
        if (at > instant) return at;
      }
    },
  };
}
