import { MIN_SAMPLES, type Figure, type Spread } from "./report-schema.ts";

const HOUR_MS = 3_600_000;

export const hoursBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / HOUR_MS;

/** Nearest-rank percentile of sorted values: the smallest value with at least p% of the samples at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;

/** A figure over `over` samples that is only shown when there are enough of them. */
export function gated(value: number, unit: Figure["unit"], over: number, method: string, what: string): Figure {
  if (over < MIN_SAMPLES) return { value: null, unit, over, method, note: `too little data: ${over} ${what} (at least ${MIN_SAMPLES} needed)` };
  return { value: round(value), unit, over, method };
}

/** A count is a fact at any sample size. */
export const counted = (value: number, method: string): Figure => ({ value, unit: "count", over: value, method });

/** Median and p90 of hour values, each saying what it was measured over. */
export function spread(values: readonly number[], what: string, method: string): Spread {
  const samples = [...values].sort((a, b) => a - b).map(round);
  return {
    median: gated(median(samples), "hours", samples.length, `median of ${method}`, what),
    p90: gated(percentile(samples, 90), "hours", samples.length, `90th percentile (nearest rank) of ${method}`, what),
    samples,
  };
}

/** A ratio whose denominator must be large enough to mean something. */
export function ratio(numerator: number, denominator: number, method: string, what: string): Figure {
  return gated(denominator === 0 ? 0 : numerator / denominator, "ratio", denominator, method, what);
}
