import type { ReleasePlan } from "../version/release-plan.ts";

/** The whole plan as JSON text (stable key order as built, two-space indent, trailing newline). */
export function planToJson(plan: ReleasePlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
