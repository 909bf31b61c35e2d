import { durationMs } from "../time/index.ts";
import type { Verdict } from "./verdict.ts";

export type ChangeRequestState = "approved" | "rejected" | "waiting" | "timed-out";

/**
 * Where a change request stands after judging its comments: a CAB rejection ends it at once, quorum
 * approves it, and otherwise it waits until `timeout` after it was opened.
 */
export function changeRequestState(verdict: Verdict, timing: { openedAt: string; now: Date | string; timeout: string }): ChangeRequestState {
  if (verdict.rejections.length > 0) return "rejected";
  if (verdict.valid) return "approved";
  const opened = Date.parse(timing.openedAt);
  const now = typeof timing.now === "string" ? Date.parse(timing.now) : timing.now.getTime();
  const timeout = durationMs(timing.timeout) ?? 0;
  return now - opened >= timeout ? "timed-out" : "waiting";
}
