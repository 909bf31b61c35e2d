import type { Figure, Spread } from "@relm/core/report/report-schema";
import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

const UNITS: Record<Figure["unit"], string> = { count: "", ratio: "%", hours: " h", "per-week": "/week" };

/** Record text is untrusted: invisible and bidi characters are shown, never passed to the terminal. */
export const shown = (text: string): string => shownInvisibles(text);

/** A figure as people read it: the value with its unit, or why there is none. */
export function figureValue(f: Figure): string {
  if (f.value === null) return `n/a (${f.note ?? "no data"})`;
  const value = f.unit === "ratio" ? Math.round(f.value * 1000) / 10 : f.value;
  return `${value}${UNITS[f.unit]}`;
}

export function spreadText(s: Spread): string {
  if (s.median.value === null) return figureValue(s.median);
  return `median ${figureValue(s.median)}, p90 ${figureValue(s.p90)} (over ${s.median.over})`;
}

export const tallyText = (counts: Record<string, number>): string => {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "none" : entries.map(([k, n]) => `${shown(k)} ${n}`).join(", ");
};
