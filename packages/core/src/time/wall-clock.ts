import { DateTime, IANAZone } from "luxon";

/** A wall-clock reading in some zone: what a clock on the wall there shows. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Whether `zone` is an IANA time zone name the runtime knows (Europe/Berlin, UTC, ...). The runtime
 * also takes offsets such as +01:00, but an offset has no DST rules: a window meant for Berlin
 * would be an hour off half the year, so offsets are not zones here (Etc/GMT-1 says it on purpose).
 */
export function isTimeZone(zone: string): boolean {
  return !/^[+-]\d/.test(zone) && IANAZone.isValidZone(zone);
}

/** The wall clock in `zone` at `instant` (epoch ms). */
export function wallTimeAt(instant: number, zone: string): WallTime {
  const d = DateTime.fromMillis(instant, { zone });
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute };
}

/**
 * The instant at which the wall clock in `zone` first reaches `wall`.
 *
 * Why not just ask luxon: a wall time that does not exist (skipped by a spring-forward change) is
 * reached at the change itself (02:30 on a 02:00->03:00 day is reached at 03:00, not 03:30), and a
 * wall time that exists twice (fall-back) is reached at its earlier instant. Freeze windows need
 * exactly this "first moment the clock shows or passes it" reading.
 */
export function instantOfWallTime(wall: WallTime, zone: string): number {
  const tz = IANAZone.create(zone);
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const offsets = new Set([tz.offset(naive - DAY), tz.offset(naive), tz.offset(naive + DAY)]);
  const valid = [...offsets].map((o) => naive - o * MINUTE).filter((i) => tz.offset(i) * MINUTE === naive - i);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: reading with the earlier offset lands after the change, with the later one before it.
  const sorted = [...offsets].sort((a, b) => a - b);
  let lo = naive - (sorted[sorted.length - 1] ?? 0) * MINUTE;
  let hi = naive - (sorted[0] ?? 0) * MINUTE;
  const before = tz.offset(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tz.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Epoch ms of a wall time read as if it were UTC: a DST-free axis to step cron fields along. */
export function wallTimeAsUtc(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

export function wallTimeFromUtc(ms: number): WallTime {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** ISO 8601 text of `instant` with the zone's offset, for messages (2026-12-24T17:00:00+01:00). */
export function isoInZone(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(instant).toISOString();
}
