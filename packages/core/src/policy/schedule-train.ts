import { isTimeZone } from "../time/index.ts";

/** A release train: a weekday and a wall time in a zone, every week or every Nth week. */
export interface Train {
  /** Every `interval` weeks (1: weekly, 2: every other week). */
  interval: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  hour: number;
  minute: number;
  timeZone?: string;
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const TRAIN = /^every\s+(?:(\d+)(?:st|nd|rd|th)\s+)?([a-z]+?)s?\s+([01]?\d|2[0-3]):([0-5]\d)(?:\s+(\S+))?$/i;

/** `every 2nd Tuesday 10:00 Europe/Berlin` as a train, or why it is not one. */
export function parseTrain(text: string): Train | string {
  const m = TRAIN.exec(text.trim());
  if (!m) return 'expected "every [Nth] <weekday> HH:MM [time zone]", e.g. "every 2nd Tuesday 10:00 Europe/Berlin"';
  const interval = m[1] === undefined ? 1 : Number(m[1]);
  const weekday = WEEKDAYS.indexOf((m[2] ?? "").toLowerCase()) + 1;
  if (weekday === 0) return `${JSON.stringify(m[2])} is not a weekday (Monday … Sunday)`;
  if (interval < 1 || interval > 52) return `every ${interval}th week: expected 1 to 52`;
  const timeZone = m[5];
  if (timeZone !== undefined && !isTimeZone(timeZone)) return `${JSON.stringify(timeZone)} is not an IANA time zone such as Europe/Berlin`;
  return { interval, weekday, hour: Number(m[3]), minute: Number(m[4]), ...(timeZone === undefined ? {} : { timeZone }) };
}
