import { GATE_CODES } from "../gate-rules.ts";
import type { Finding, Rule, RuleContext } from "./rule-context.ts";

interface RequiredCheck {
  name: string;
  key: Array<string | number>;
}

/** Every check the policy, the environment and the risk class require, each with the place that requires it. */
export function requiredChecks(ctx: Pick<RuleContext, "policy" | "environment" | "riskClasses">): RequiredCheck[] {
  const out = new Map<string, RequiredCheck>();
  const add = (names: readonly string[], key: Array<string | number>) =>
    names.forEach((name, i) => {
      if (!out.has(name)) out.set(name, { name, key: [...key, i] });
    });
  add(ctx.policy.checks, ["policy", "checks"]);
  if (ctx.environment) add(ctx.environment.config.checks, ["policy", "environments", ctx.environment.name, "checks"]);
  for (const cls of ctx.riskClasses) add(cls.config.checks, ["policy", "risk", "classes", cls.index, "checks"]);
  return [...out.values()];
}

/** Required checks must have succeeded on the release commit; every result of that name must be a success. */
export const checksRule: Rule = (ctx) => {
  const findings: Finding[] = [];
  for (const check of requiredChecks(ctx)) {
    const results = (ctx.facts.checks ?? []).filter((c) => c.name === check.name);
    if (results.length === 0) {
      findings.push({
        code: GATE_CODES.checkMissing,
        rule: "checks",
        key: check.key,
        message: `required check ${JSON.stringify(check.name)} has no result on commit ${ctx.facts.commit.slice(0, 12)}${ctx.facts.checks === undefined ? " (no check results could be read)" : ""}`,
        facts: { check: check.name, commit: ctx.facts.commit, reported: (ctx.facts.checks ?? []).map((c) => c.name) },
        remedy: `Run ${JSON.stringify(check.name)} on the release commit and wait for it to succeed (locally: --check ${check.name}=success).`,
      });
      continue;
    }
    const failing = results.filter((r) => r.conclusion !== "success");
    if (failing.length > 0) {
      findings.push({
        code: GATE_CODES.checkFailed,
        rule: "checks",
        key: check.key,
        message: `required check ${JSON.stringify(check.name)} did not succeed on commit ${ctx.facts.commit.slice(0, 12)}: ${failing.map((r) => r.conclusion).join(", ")}`,
        facts: { check: check.name, commit: ctx.facts.commit, results: results.map((r) => ({ conclusion: r.conclusion, source: r.source, ...(r.url ? { url: r.url } : {}) })) },
        remedy: `Fix and re-run ${JSON.stringify(check.name)}; pending checks must finish first.`,
      });
    }
  }
  return findings;
};
