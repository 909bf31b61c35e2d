import type { Config } from "@relm/core";
import { nextSlot, slotAt } from "@relm/core/policy/schedule-slots";
import { isoInZone } from "@relm/core/time/index";

/** The schedule's slot open now, or the next one, as a line of the plan (nothing without a schedule). */
export function plannedSlotLine(config: Config, now: Date): string {
  const schedule = config.policy?.schedule;
  if (!schedule) return "";
  const zone = config.policy?.timeZone ?? "UTC";
  const open = slotAt(schedule, zone, now.getTime());
  if (open) return `Planned slot open now: ${open.name}, until ${isoInZone(open.end, open.timeZone)}.\n`;
  const next = nextSlot(schedule, zone, now.getTime());
  return next ? `Next planned slot: ${next.name} at ${isoInZone(next.start, next.timeZone)} (${next.timeZone}).\n` : "No planned slot opens within a year.\n";
}
