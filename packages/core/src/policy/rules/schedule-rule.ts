import { isoInZone } from "../../time/index.ts";
import { GATE_CODES } from "../gate-rules.ts";
import { nextSlot, slotAt } from "../schedule-slots.ts";
import type { Rule } from "./rule-context.ts";

/**
 * A change of a class the schedule names ships in a planned slot; an emergency change never has to.
 * The class is the release's (and, after an accepted override, the one it would have had), as the
 * other class rules read it: a normal change made an emergency by an override is still excepted.
 */
export const scheduleRule: Rule = (ctx) => {
  const schedule = ctx.policy.schedule;
  if (!schedule) return [];
  if (schedule.environments && (ctx.facts.environment === undefined || !schedule.environments.includes(ctx.facts.environment))) return [];
  // A release of the default class when that class is not declared (or declares no rules here) has no entry.
  const declared = ctx.riskClasses.map((c) => c.config.name);
  const classes = declared.length > 0 ? declared : [ctx.policy.risk?.default ?? "normal"];
  if (classes.includes("emergency")) return [];
  if (schedule.require && !classes.some((c) => schedule.require?.includes(c))) return [];
  const zone = ctx.policy.timeZone;
  if (slotAt(schedule, zone, ctx.at)) return [];
  const next = nextSlot(schedule, zone, ctx.at);
  const when = next ? `${next.name} at ${isoInZone(next.start, next.timeZone)}` : undefined;
  return [
    {
      code: GATE_CODES.schedule,
      rule: "schedule",
      key: ["policy", "schedule"],
      message: `${classes.length > 0 ? `a ${classes.join("/")} change` : "a change"} ships outside every planned slot at ${isoInZone(ctx.at, zone)}${when ? `; the next slot is ${when}` : "; no slot opens within a year"}`,
      facts: { at: isoInZone(ctx.at, zone), classes, ...(next ? { next: { name: next.name, start: isoInZone(next.start, next.timeZone), end: isoInZone(next.end, next.timeZone) } } : {}) },
      remedy: when ? `Ship in the next slot (${when}), add a dated slot to policy.schedule, or classify the change as an emergency.` : "Add a slot to policy.schedule, or classify the change as an emergency.",
    },
  ];
};
