import type { Slot } from "../policy/schedule-slots.ts";
import { counted, ratio } from "./figure.ts";
import type { ReleaseFact } from "./release-facts.ts";
import type { Report } from "./report-schema.ts";

/**
 * Each planned slot that opened in the window, judged by the releases: on time when one shipped while
 * it was open, late when the first one after it shipped before the next slot opened, else skipped.
 * Releases outside every slot are unplanned (emergencies among them are counted apart).
 */
export function scheduleAdherence(slots: readonly Slot[], releases: readonly ReleaseFact[]): Report["schedule"] {
  const times = releases.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let onTime = 0;
  let late = 0;
  slots.forEach((slot, i) => {
    const nextOpen = slots[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    if (times.some((t) => t >= slot.start && t < slot.end)) onTime += 1;
    else if (times.some((t) => t >= slot.end && t < nextOpen)) late += 1;
  });
  const inSlot = (t: number): boolean => slots.some((s) => t >= s.start && t < s.end);
  const unplanned = releases.filter((r) => !inSlot(Date.parse(r.at)));
  return {
    note: `${slots.length} planned slot(s) opened in the window`,
    adherence: ratio(onTime, slots.length, "planned slots in which a release shipped while the slot was open ÷ planned slots that opened in the window", "planned slot(s)"),
    onTime: counted(onTime, "planned slots in which a release shipped while the slot was open"),
    late: counted(late, "planned slots with no release while open, but one before the next slot opened"),
    skipped: counted(slots.length - onTime - late, "planned slots with no release until the next slot opened"),
    unplanned: counted(unplanned.length, "releases outside every planned slot"),
    unplannedEmergencies: counted(unplanned.filter((r) => r.risk === "emergency").length, "releases of class emergency outside every planned slot"),
  };
}
