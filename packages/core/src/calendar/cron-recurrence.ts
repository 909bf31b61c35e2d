import { CronExpressionParser } from "cron-parser";

/** A cron expression as recurrence rule parts (RFC 5545 BY* lists on a daily frequency). */
export interface Recurrence {
  byMinute: number[];
  byHour: number[];
  byMonthDay?: number[];
  byMonth?: number[];
  /** Two-letter weekdays: MO, TU, … */
  byDay?: string[];
}

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA", "SU"];

const numbers = (values: readonly (number | string)[]): number[] | undefined => (values.every((v) => typeof v === "number") ? [...new Set(values as number[])] : undefined);

/**
 * The recurrence a 5-field cron expression names, or undefined when a rule cannot say the same:
 * cron fires when the day of month OR the weekday matches (both restricted), a rule needs both, and
 * L, W and # have no BY* counterpart that every reader expands alike.
 */
export function cronRecurrence(expression: string): Recurrence | undefined {
  const [, , dom = "*", month = "*", dow = "*"] = expression.trim().split(/\s+/);
  const fields = CronExpressionParser.parse(expression.trim(), { tz: "UTC" }).fields;
  if (dom !== "*" && dow !== "*") return undefined;
  const byMinute = numbers(fields.minute.values);
  const byHour = numbers(fields.hour.values);
  const byMonthDay = numbers(fields.dayOfMonth.values);
  const byMonth = numbers(fields.month.values);
  const days = numbers(fields.dayOfWeek.values);
  if (!byMinute || !byHour || !byMonthDay || !byMonth || !days) return undefined;
  return {
    byMinute,
    byHour,
    ...(dom === "*" ? {} : { byMonthDay }),
    ...(month === "*" ? {} : { byMonth }),
    ...(dow === "*" ? {} : { byDay: [...new Set(days.map((d) => WEEKDAYS[d] ?? "SU"))] }),
  };
}
