import { z } from "zod";
import { cronProblem, cronSchedule, instantOfLocal, isTimeZone, parseLocalDateTime } from "../time/index.ts";

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { message: "expected an IANA time zone such as Europe/Berlin, America/New_York or UTC (not an offset: offsets have no DST rules)" })
  .describe("An IANA time zone name, e.g. Europe/Berlin.");

const cronSchema = z
  .string()
  .superRefine((text, ctx) => {
    const problem = cronProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: `not a usable cron expression: ${problem}` });
  })
  .describe("A 5-field cron expression (minute hour day-of-month month day-of-week), read on the window's wall clock.");

const dateSchema = z
  .string()
  .refine((t) => parseLocalDateTime(t) !== undefined, { message: "expected a date (2026-12-24) or date-time (2026-12-24T16:00, optionally with an offset)" })
  .describe("A date or date-time, read on the window's wall clock unless it carries an offset.");

/**
 * Whether a recurring window can never hold: a start that falls on an end opens nothing, so when
 * every start does (`start` and `end` alike, or `end` daily at the weekly start's time), the freeze
 * is switched off without a word. Both are read on one wall clock, so UTC shows it for every zone.
 */
function neverHolds(start: string, end: string): boolean {
  if (cronProblem(start) !== undefined || cronProblem(end) !== undefined) return false;
  const starts = cronSchedule(start, "UTC");
  const ends = cronSchedule(end, "UTC");
  let cursor = Date.UTC(2000, 0, 1);
  for (let n = 0; n < 24; n++) {
    const s = starts.after(cursor);
    if (s === undefined) return false;
    if (ends.atOrBefore(s) !== s) return false;
    cursor = s;
  }
  return true;
}

/**
 * A freeze window: recurring (`start` and `end` cron expressions, as GitLab deploy freezes) or
 * one-off (`from` and `until` dates). One object with a refinement instead of a union, so a mistake
 * is reported at the key that is wrong rather than as "no union member matched".
 */
export const freezeWindowSchema = z
  .strictObject({
    name: z.string().min(1).describe("Shown in decisions and the change calendar."),
    start: cronSchema.optional().describe("Recurring: when the freeze starts (cron)."),
    end: cronSchema.optional().describe("Recurring: when the freeze ends (cron)."),
    from: dateSchema.optional().describe("One-off: first frozen moment (a date means 00:00 that day)."),
    until: dateSchema.optional().describe("One-off: end of the freeze, exclusive (a date means the whole day is frozen)."),
    timeZone: timeZoneSchema.optional().describe("Overrides policy.timeZone for this window."),
    environments: z.array(z.string().min(1)).optional().describe("Environments the freeze applies to; all when absent."),
    reason: z.string().optional().describe("Why the freeze exists, shown with violations."),
  })
  .superRefine((w, ctx) => {
    const recurring = w.start !== undefined || w.end !== undefined;
    const once = w.from !== undefined || w.until !== undefined;
    if (recurring && once) ctx.addIssue({ code: "custom", message: "a window is either recurring (start/end) or one-off (from/until), not both", path: [w.from !== undefined ? "from" : "until"] });
    else if (!recurring && !once) ctx.addIssue({ code: "custom", message: "a window needs start and end (cron) or from and until (dates)" });
    else if (recurring) {
      if (w.start === undefined) ctx.addIssue({ code: "custom", message: "a recurring window needs start", path: ["start"] });
      if (w.end === undefined) ctx.addIssue({ code: "custom", message: "a recurring window needs end", path: ["end"] });
      if (w.start !== undefined && w.end !== undefined && neverHolds(w.start, w.end)) {
        ctx.addIssue({ code: "custom", message: `every start (${w.start}) falls on an end (${w.end}): the window would never hold`, path: ["end"] });
      }
    } else {
      if (w.from === undefined) ctx.addIssue({ code: "custom", message: "a one-off window needs from", path: ["from"] });
      if (w.until === undefined) ctx.addIssue({ code: "custom", message: "a one-off window needs until", path: ["until"] });
      const from = parseLocalDateTime(w.from ?? "");
      const until = parseLocalDateTime(w.until ?? "");
      // Read both in UTC: a window whose end is not after its start is empty in every zone (offsets aside).
      if (from && until && instantOfLocal(until, "UTC", true) <= instantOfLocal(from, "UTC")) {
        ctx.addIssue({ code: "custom", message: `until (${w.until}) is not after from (${w.from}): the window would never hold`, path: ["until"] });
      }
    }
  })
  .describe("A freeze window (change freeze): no release while it holds.");

export type FreezeWindowConfig = z.infer<typeof freezeWindowSchema>;
