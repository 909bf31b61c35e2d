import { DateTime } from "luxon";
import { durationMs, instantOfLocal, parseLocalDateTime } from "../time/index.ts";
import type { ScheduleConfig, ScheduleSlotConfig } from "./schedule-schema.ts";
import { parseTrain } from "./schedule-train.ts";

/** One open slot: [start, end) in epoch ms. */
export interface Slot {
  name: string;
  start: number;
  end: number;
  timeZone: string;
  /** Index in policy.schedule.slots. */
  index: number;
}

const WEEK_MS = 7 * 86_400_000;
const EPOCH_MONDAY = Date.UTC(1970, 0, 5);

function trainSlots(s: ScheduleSlotConfig, index: number, zone: string, from: number, to: number): Slot[] {
  const train = typeof s.train === "string" ? parseTrain(s.train) : undefined;
  if (!train || typeof train === "string") return [];
  const timeZone = s.timeZone ?? train.timeZone ?? zone;
  const window = durationMs(s.window) ?? 0;
  const anchorDay = s.from === undefined ? EPOCH_MONDAY : DateTime.fromISO(s.from.slice(0, 10), { zone: "utc" }).startOf("week").toMillis();
  const out: Slot[] = [];
  // Day by day on the train's wall clock, from a window's length before `from` (a slot still open counts).
  for (let day = DateTime.fromMillis(from - window, { zone: timeZone }).startOf("day"); day.toMillis() < to; day = day.plus({ days: 1 })) {
    if (day.weekday !== train.weekday) continue;
    const week = Math.floor((Date.UTC(day.year, day.month - 1, day.day) - anchorDay) / WEEK_MS);
    if (((week % train.interval) + train.interval) % train.interval !== 0) continue;
    const start = day.set({ hour: train.hour, minute: train.minute }).toMillis();
    if (start + window > from && start < to) out.push({ name: s.name ?? s.train ?? "train", start, end: start + window, timeZone, index });
  }
  return out;
}

/** The slots of the schedule open at some moment of [from, to), in time order. */
export function slotsBetween(schedule: ScheduleConfig, defaultZone: string, from: number, to: number): Slot[] {
  const slots = schedule.slots.flatMap((s, index): Slot[] => {
    if (s.train !== undefined) return trainSlots(s, index, defaultZone, from, to);
    const local = parseLocalDateTime(s.at ?? "");
    if (!local) return [];
    const timeZone = s.timeZone ?? defaultZone;
    const start = instantOfLocal(local, timeZone);
    const end = start + (durationMs(s.window) ?? 0);
    return end > from && start < to ? [{ name: s.name ?? "release", start, end, timeZone, index }] : [];
  });
  return slots.sort((a, b) => a.start - b.start);
}

/** The slot open at `at`, if any. */
export const slotAt = (schedule: ScheduleConfig, zone: string, at: number): Slot | undefined => slotsBetween(schedule, zone, at, at + 1).find((s) => s.start <= at && at < s.end);

/** The next slot that opens after `at` (within a year). */
export const nextSlot = (schedule: ScheduleConfig, zone: string, at: number): Slot | undefined => slotsBetween(schedule, zone, at + 1, at + 366 * 86_400_000).find((s) => s.start > at);
