import { RelmError } from "../errors.ts";
import type { ForgeFreeze } from "../ports/forge.ts";
import { cronProblem, cronSchedule, instantOfLocal, isTimeZone, parseLocalDateTime, type CronSchedule } from "../time/index.ts";
import type { FreezeWindowConfig } from "./freeze-schema.ts";

interface FreezeBase {
  name: string;
  timeZone: string;
  /** `policy` for windows in .relm.yml, otherwise where the forge declared it. */
  source: string;
  /** Key path in .relm.yml (policy windows only). */
  key?: Array<string | number>;
  environments?: string[];
  reason?: string;
}

export type FreezeSpec =
  | (FreezeBase & { kind: "recurring"; start: CronSchedule; end: CronSchedule })
  | (FreezeBase & { kind: "once"; from: number; until: number });

/** A stretch of frozen time: [start, end); end undefined when no end occurs within the search span. */
export interface FreezeInterval {
  start: number;
  end: number | undefined;
}

/** The windows of the policy and of the forge, ready to be asked about instants. */
export function freezeSpecs(windows: readonly FreezeWindowConfig[], defaultZone: string, forge: readonly ForgeFreeze[] = []): FreezeSpec[] {
  const fromPolicy = windows.map((w, i): FreezeSpec => {
    const timeZone = w.timeZone ?? defaultZone;
    const base: FreezeBase = {
      name: w.name,
      timeZone,
      source: "policy",
      key: ["policy", "freezes", i],
      ...(w.environments ? { environments: w.environments } : {}),
      ...(w.reason ? { reason: w.reason } : {}),
    };
    if (w.start !== undefined && w.end !== undefined) return { ...base, kind: "recurring", start: cronSchedule(w.start, timeZone), end: cronSchedule(w.end, timeZone) };
    // The schema guarantees from/until parse when start/end are absent.
    const from = parseLocalDateTime(w.from ?? "");
    const until = parseLocalDateTime(w.until ?? "");
    if (!from || !until) throw new RelmError("RELM_CONFIG_INVALID", "config", `freeze window ${w.name} has no usable dates`);
    return { ...base, kind: "once", from: instantOfLocal(from, timeZone), until: instantOfLocal(until, timeZone, true) };
  });
  const fromForge = forge.map((f): FreezeSpec => {
    const problem = cronProblem(f.start) ?? cronProblem(f.end) ?? (isTimeZone(f.timeZone) ? undefined : `${JSON.stringify(f.timeZone)} is not an IANA time zone`);
    if (problem) {
      throw new RelmError("RELM_GATE_FORGE_FREEZE", "external", `the forge's freeze period from ${f.source} is not usable: ${problem}`, {
        details: [{ where: f.source, message: `start ${JSON.stringify(f.start)}, end ${JSON.stringify(f.end)}, zone ${f.timeZone}` }],
        hint: "Fix the deploy freeze in the project's settings; relm does not guess what an unreadable freeze meant.",
      });
    }
    return { name: `${f.source} freeze`, timeZone: f.timeZone, source: f.source, kind: "recurring", start: cronSchedule(f.start, f.timeZone), end: cronSchedule(f.end, f.timeZone) };
  });
  return [...fromPolicy, ...fromForge];
}

/** Whether a window holds at `t`: recurring windows as GitLab reads freeze periods (latest start after latest end). */
export function isFrozen(spec: FreezeSpec, t: number): boolean {
  if (spec.kind === "once") return spec.from <= t && t < spec.until;
  const start = spec.start.atOrBefore(t);
  if (start === undefined) return false;
  const end = spec.end.atOrBefore(t);
  return end === undefined || end < start;
}

/** The interval of `spec` that holds `t`, or undefined when `t` is not frozen by it. */
export function frozenIntervalAt(spec: FreezeSpec, t: number): FreezeInterval | undefined {
  if (!isFrozen(spec, t)) return undefined;
  if (spec.kind === "once") return { start: spec.from, end: spec.until };
  const lastEnd = spec.end.atOrBefore(t);
  // The window began with the first start after the last end (later starts inside it change nothing).
  const start = (lastEnd === undefined ? spec.start.atOrBefore(t) : spec.start.after(lastEnd)) ?? t;
  return { start, end: spec.end.after(t) };
}

/** The first interval of `spec` that starts after `t`. */
export function nextFrozenInterval(spec: FreezeSpec, t: number): FreezeInterval | undefined {
  if (spec.kind === "once") return spec.from > t ? { start: spec.from, end: spec.until } : undefined;
  let cursor = t;
  for (let guard = 0; guard < 1000; guard++) {
    const start = spec.start.after(cursor);
    if (start === undefined) return undefined;
    // A start at the very instant of an end opens nothing; look further.
    if (isFrozen(spec, start)) return { start, end: spec.end.after(start) };
    cursor = start;
  }
  return undefined;
}

/** Whether a window applies to an environment (windows without a list apply to every run). */
export function freezeAppliesTo(spec: FreezeSpec, environment: string | undefined): boolean {
  if (!spec.environments) return true;
  return environment !== undefined && spec.environments.includes(environment);
}

// How far ahead "frozen until" is followed: windows that together never let go (a daily freeze that
// another covers at its end) would otherwise be chased for years, and no one plans a release by it.
const UNFROZEN_SPAN_MS = 366 * 86_400_000;
const UNFROZEN_STEPS = 100;

/**
 * The first instant at or after `at` that no window holds: `at` itself when none holds, undefined
 * when the windows hold on, one after another, for more than a year (or one has no end in sight).
 */
export function unfrozenFrom(specs: readonly FreezeSpec[], at: number): number | undefined {
  let t = at;
  for (let step = 0; step < UNFROZEN_STEPS && t - at <= UNFROZEN_SPAN_MS; step++) {
    const holding = specs.map((s) => frozenIntervalAt(s, t)).filter((i) => i !== undefined);
    if (holding.length === 0) return t;
    if (holding.some((i) => i.end === undefined)) return undefined;
    t = Math.max(...holding.map((i) => i.end ?? t));
  }
  return undefined;
}
