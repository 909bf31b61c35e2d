import type { GateFacts } from "./gate-facts.ts";
import type { RiskConfig } from "./risk-schema.ts";
import { matchesAny } from "./glob-match.ts";
import type { ConfigSource } from "./load-config.ts";
import type { RiskClassDecision } from "./decision.ts";
import type { z } from "zod";
import type { riskConditionSchema } from "./risk-schema.ts";

type RiskCondition = z.infer<typeof riskConditionSchema>;

/** Why a condition holds, as text, or undefined when it does not (or needs a plan nobody gave). */
function conditionHolds(c: RiskCondition, facts: GateFacts, overrideInUse: boolean): string | undefined {
  const r = facts.release;
  const needsPlan = c.bump !== undefined || c.breaking !== undefined || c.minCommits !== undefined || c.maxCommits !== undefined || c.paths !== undefined;
  if (needsPlan && !r) return undefined;
  const reasons: string[] = [];
  if (c.bump !== undefined) {
    if (!r || !c.bump.includes(r.bump)) return undefined;
    reasons.push(`bump is ${r.bump}`);
  }
  if (c.breaking !== undefined) {
    if (!r || r.breaking !== c.breaking) return undefined;
    reasons.push(c.breaking ? "has breaking changes" : "has no breaking change");
  }
  if (c.minCommits !== undefined) {
    if (!r || r.commits < c.minCommits) return undefined;
    reasons.push(`${r.commits} commits >= ${c.minCommits}`);
  }
  if (c.maxCommits !== undefined) {
    if (!r || r.commits > c.maxCommits) return undefined;
    reasons.push(`${r.commits} commits <= ${c.maxCommits}`);
  }
  if (c.paths !== undefined) {
    const hit = r?.paths.find((p) => matchesAny(p, c.paths ?? []));
    if (hit === undefined) return undefined;
    reasons.push(`touches ${hit}`);
  }
  if (c.labels !== undefined) {
    const hit = (facts.labels ?? []).find((l) => c.labels?.includes(l));
    if (hit === undefined) return undefined;
    reasons.push(`labelled ${hit}`);
  }
  if (c.override !== undefined) {
    if (overrideInUse !== c.override) return undefined;
    reasons.push(c.override ? "break-glass override in use" : "no override in use");
  }
  return reasons.join(" and ");
}

/** The risk class of the release: the first class (in file order) with a condition that holds, else the default. */
export function riskClassOf(risk: RiskConfig | undefined, facts: GateFacts, overrideInUse: boolean, source: ConfigSource): { decision: RiskClassDecision; index?: number } {
  const classes = risk?.classes ?? [];
  for (const [index, cls] of classes.entries()) {
    for (const [ci, condition] of (cls.when ?? []).entries()) {
      const because = conditionHolds(condition, facts, overrideInUse);
      if (because === undefined) continue;
      const line = source.lineOf(["policy", "risk", "classes", index, "when", ci]);
      return { decision: { name: cls.name, because, ...(line === undefined ? {} : { line }) }, index };
    }
  }
  const name = risk?.default ?? "normal";
  const index = classes.findIndex((c) => c.name === name);
  const because = facts.release === undefined && classes.length > 0 ? "default (no release plan was available to classify)" : "default";
  return { decision: { name, because }, ...(index >= 0 ? { index } : {}) };
}
