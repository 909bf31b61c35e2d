import { isoInZone } from "../../time/index.ts";
import { GATE_CODES } from "../gate-rules.ts";
import { freezeAppliesTo, frozenIntervalAt, unfrozenFrom } from "../freeze-windows.ts";
import type { Finding, Rule } from "./rule-context.ts";

/** No release while a freeze window (the policy's or the forge's) holds for this environment. */
export const freezeRule: Rule = (ctx) => {
  const findings: Finding[] = [];
  const applying = ctx.freezes.filter((spec) => freezeAppliesTo(spec, ctx.facts.environment));
  // Overlapping or back-to-back windows: the release may go on only when none holds.
  let until: number | undefined;
  for (const spec of applying) {
    const interval = frozenIntervalAt(spec, ctx.at);
    if (!interval) continue;
    until ??= unfrozenFrom(applying, ctx.at);
    const start = isoInZone(interval.start, spec.timeZone);
    const end = interval.end === undefined ? undefined : isoInZone(interval.end, spec.timeZone);
    const later = until !== undefined && interval.end !== undefined && until > interval.end ? isoInZone(until, spec.timeZone) : undefined;
    findings.push({
      code: GATE_CODES.freeze,
      rule: "freeze",
      key: spec.key ?? ["policy", "freezes"],
      message: `freeze window ${JSON.stringify(spec.name)}${spec.source === "policy" ? "" : ` (declared on ${spec.source})`} holds from ${start} until ${end ?? "further notice"} (${spec.timeZone})${spec.reason ? `: ${spec.reason}` : ""}`,
      facts: {
        at: isoInZone(ctx.at, spec.timeZone),
        window: spec.name,
        start,
        ...(end ? { end } : {}),
        ...(later ? { frozenUntil: later } : {}),
        timeZone: spec.timeZone,
        source: spec.source,
        ...(spec.kind === "recurring" ? { cron: { start: spec.start.expression, end: spec.end.expression } } : {}),
      },
      remedy: end
        ? `Wait until ${later ?? end}${later ? " (other windows hold on after this one ends)" : ""}, or break glass with an override naming the freeze rule.`
        : "Break glass with an override naming the freeze rule, or end the freeze.",
    });
  }
  return findings;
};
