import type { CabRule } from "../approval/cab-rule-schema.ts";
import type { ForgeFreeze } from "../ports/forge.ts";
import { isoInZone } from "../time/index.ts";
import { gateSchema, type GatePolicy } from "./gate-schema.ts";
import { freezeAppliesTo, freezeSpecs, frozenIntervalAt, nextFrozenInterval, unfrozenFrom } from "./freeze-windows.ts";
import { approvalBaseOf } from "./approval-rule.ts";
import { requiredApprovalOf } from "./required-approval.ts";

export interface CalendarEntry {
  name: string;
  /** ISO 8601 in the window's zone. */
  start: string;
  /** ISO 8601 in the window's zone; absent when no end occurs within the search span. */
  end?: string;
  timeZone: string;
  source: string;
  /** True for the window that holds at the asked instant. */
  active: boolean;
}

/** What the policy asks of one environment, and the freezes ahead: `relm policy explain`. */
export interface PolicyExplanation {
  at: string;
  environment?: string;
  declared: boolean;
  /** The gate refuses the environment (RELM_GATE_ENVIRONMENT): it is not declared while others are. */
  refused: boolean;
  branches?: string[];
  tags?: string[];
  checks: string[];
  after: string[];
  soak?: string;
  approval?: CabRule;
  riskClasses: Array<{ name: string; approval?: CabRule; checks: string[]; soak?: string }>;
  override?: { users: string[]; groups: string[]; via: string[]; rules: string[] };
  frozen: boolean;
  /**
   * When frozen: the first instant no window holds (ISO 8601 in policy.timeZone). Overlapping and
   * back-to-back windows are followed through, so this is when a release may go on again; absent
   * when the freeze has no end within the search span.
   */
  frozenUntil?: string;
  calendar: CalendarEntry[];
}

/** The next `count` freeze windows for `environment` from `at` (the one holding now first). */
export function changeCalendar(policy: GatePolicy, at: number, environment: string | undefined, count: number, forge: readonly ForgeFreeze[] = []): CalendarEntry[] {
  const entries: Array<CalendarEntry & { startMs: number }> = [];
  for (const spec of freezeSpecs(policy.freezes, policy.timeZone, forge)) {
    if (!freezeAppliesTo(spec, environment)) continue;
    const entry = (start: number, end: number | undefined, active: boolean) => ({
      name: spec.name,
      start: isoInZone(start, spec.timeZone),
      ...(end === undefined ? {} : { end: isoInZone(end, spec.timeZone) }),
      timeZone: spec.timeZone,
      source: spec.source,
      active,
      startMs: start,
    });
    const current = frozenIntervalAt(spec, at);
    if (current) entries.push(entry(current.start, current.end, true));
    let cursor = current?.end ?? at;
    for (let n = 0; n < count; n++) {
      const next = nextFrozenInterval(spec, cursor);
      if (!next) break;
      entries.push(entry(next.start, next.end, false));
      if (next.end === undefined) break;
      cursor = next.end;
    }
  }
  return entries
    .sort((a, b) => a.startMs - b.startMs)
    .slice(0, count)
    .map(({ startMs: _startMs, ...e }) => e);
}

/** `approval` is the configuration's top-level `approval:` rule, which applies where an environment names none. */
export function explainPolicy(policy: GatePolicy | undefined, options: { at: number; environment?: string; count?: number; forgeFreezes?: ForgeFreeze[]; approval?: CabRule }): PolicyExplanation {
  const rules = policy ?? gateSchema.parse({});
  const env = options.environment === undefined ? undefined : rules.environments[options.environment];
  const calendar = changeCalendar(rules, options.at, options.environment, options.count ?? 5, options.forgeFreezes);
  const specs = freezeSpecs(rules.freezes, rules.timeZone, options.forgeFreezes).filter((s) => freezeAppliesTo(s, options.environment));
  const until = unfrozenFrom(specs, options.at);
  const frozen = until !== options.at;
  const base = approvalBaseOf(env, options.approval);
  const approval = base?.approval;
  return {
    at: new Date(options.at).toISOString(),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    declared: env !== undefined,
    refused: options.environment !== undefined && env === undefined && Object.keys(rules.environments).length > 0,
    ...(rules.branches || env?.branches ? { branches: [...(rules.branches ?? []), ...(env?.branches ?? [])] } : {}),
    ...(rules.tags ? { tags: rules.tags } : {}),
    checks: [...new Set([...rules.checks, ...(env?.checks ?? [])])],
    after: env?.after ?? [],
    ...(env?.soak ? { soak: env.soak } : {}),
    ...(approval ? { approval } : {}),
    riskClasses: (rules.risk?.classes ?? [])
      .filter((c) => c.environments === undefined || (options.environment !== undefined && c.environments.includes(options.environment)))
      .map((c) => {
        const raised = requiredApprovalOf(base, c);
        return { name: c.name, ...(raised ? { approval: raised } : {}), checks: c.checks, ...(c.soak ? { soak: c.soak } : {}) };
      }),
    ...(rules.override ? { override: { users: rules.override.users, groups: rules.override.groups, via: rules.override.via, rules: rules.override.rules } } : {}),
    frozen,
    ...(frozen && until !== undefined ? { frozenUntil: isoInZone(until, rules.timeZone) } : {}),
    calendar,
  };
}
