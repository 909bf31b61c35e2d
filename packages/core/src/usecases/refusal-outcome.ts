import type { Verdict } from "../approval/verdict.ts";

/**
 * How a sign-off that is not valid failed, in the words of the "rejected" event: a CAB member said no,
 * the approvals there were had gone stale (expired), or too few valid ones came (missing).
 */
export function refusalOutcome(verdict: Verdict): "rejected" | "expired" | "missing" {
  if (verdict.rejections.length > 0) return "rejected";
  if (verdict.ignored.some((i) => i.reason === "stale") && verdict.counted.length < verdict.quorum) return "expired";
  return "missing";
}
