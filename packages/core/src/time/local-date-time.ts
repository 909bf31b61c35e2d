import { instantOfWallTime, wallTimeFromUtc, type WallTime } from "./wall-clock.ts";

/** A date or date-time as written in .relm.yml: a wall time in the window's zone, or an absolute instant. */
export interface LocalDateTime {
  wall: WallTime;
  dateOnly: boolean;
  /** Minutes east of UTC when the text carries an offset (`Z`, `+01:00`): then the zone is not used. */
  offsetMinutes?: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/** `2026-12-24`, `2026-12-24T16:00`, `2026-12-24T16:00+01:00`; undefined when malformed or not a real date. */
export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  const dateOnly = m[4] === undefined;
  if (dateOnly && m[6] !== undefined) return undefined;
  const wall = { year, month, day, hour, minute };
  if (m[6] === undefined) return { wall, dateOnly };
  const offset = m[6] === "Z" ? 0 : (m[6].startsWith("-") ? -1 : 1) * (Number(m[6].slice(1, 3)) * 60 + Number(m[6].slice(4, 6)));
  return { wall, dateOnly, offsetMinutes: offset };
}

/**
 * The instant `value` names in `zone`. With `wholeDay`, a date-only value means the end of that day
 * (00:00 of the next), so `until: 2026-12-26` keeps the 26th frozen.
 */
export function instantOfLocal(value: LocalDateTime, zone: string, wholeDay = false): number {
  let wall = value.wall;
  if (value.dateOnly && wholeDay) wall = wallTimeFromUtc(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  if (value.offsetMinutes !== undefined) {
    return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute) - value.offsetMinutes * 60_000;
  }
  return instantOfWallTime(wall, zone);
}
