import { z } from "zod";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+)(s|m|h|d|w)$/;

/** Milliseconds in a duration written as `90m`, `24h`, `7d`, `2w`; undefined when malformed. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** A duration in .relm.yml: validated as text, kept as text so decisions can quote it as written. */
export const durationSchema = z
  .string()
  .regex(DURATION, "expected a duration such as 30m, 24h, 7d or 2w")
  .describe("A duration: a whole number and a unit (s, m, h, d, w), e.g. 24h.");
