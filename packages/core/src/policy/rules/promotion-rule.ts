import type { Deployment } from "../../ports/forge.ts";
import { durationMs } from "../../time/index.ts";
import { GATE_CODES } from "../gate-rules.ts";
import type { Finding, Rule, RuleContext } from "./rule-context.ts";

/** The soak time in force: the environment's, raised by the risk classes. */
export function soakOf(ctx: Pick<RuleContext, "environment" | "riskClasses">): { text: string; ms: number; key: Array<string | number> } | undefined {
  const candidates: Array<{ text: string; ms: number; key: Array<string | number> }> = [];
  const env = ctx.environment;
  if (env?.config.soak) candidates.push({ text: env.config.soak, ms: durationMs(env.config.soak) ?? 0, key: ["policy", "environments", env.name, "soak"] });
  for (const cls of ctx.riskClasses) {
    if (cls.config.soak && env && env.config.after.length > 0) candidates.push({ text: cls.config.soak, ms: durationMs(cls.config.soak) ?? 0, key: ["policy", "risk", "classes", cls.index, "soak"] });
  }
  return candidates.sort((a, b) => b.ms - a.ms)[0];
}

function sameRelease(d: Deployment, version: string | undefined, commit: string): boolean {
  if (version !== undefined && d.version !== undefined) return d.version === version;
  return d.commit === commit;
}

/** Promotion order: the same version must have succeeded in every `after` environment, at least the soak time ago. */
export const promotionRule: Rule = (ctx) => {
  const env = ctx.environment;
  if (!env) return [];
  const findings: Finding[] = [];
  const version = ctx.facts.release?.version;
  const what = version ? `version ${version}` : `commit ${ctx.facts.commit.slice(0, 12)}`;
  const soak = soakOf(ctx);
  env.config.after.forEach((before, i) => {
    const history = ctx.facts.deployments?.[before];
    const ofRelease = (history ?? []).filter((d) => d.state === "success" && sameRelease(d, version, ctx.facts.commit) && Number.isFinite(Date.parse(d.at)));
    // Judged as of ctx.at (`--at`): a success that comes later had not happened then.
    const successes = ofRelease.filter((d) => Date.parse(d.at) <= ctx.at);
    if (successes.length === 0) {
      const later = ofRelease.length > 0 ? ` by ${new Date(ctx.at).toISOString()} (its first success there is at ${new Date(Math.min(...ofRelease.map((d) => Date.parse(d.at)))).toISOString()})` : "";
      findings.push({
        code: GATE_CODES.promotion,
        rule: "promotion",
        key: ["policy", "environments", env.name, "after", i],
        message: `${env.name} comes after ${before}, and ${what} has not succeeded in ${before}${later}${history === undefined ? " (no deployment history could be read)" : ""}`,
        facts: { environment: env.name, after: before, version, commit: ctx.facts.commit, deployments: (history ?? []).map((d) => ({ version: d.version, commit: d.commit, state: d.state, at: d.at })) },
        remedy: `Deploy ${what} to ${before} first${soak ? ` and let it soak for ${soak.text}` : ""}.`,
      });
      return;
    }
    if (!soak) return;
    const first = Math.min(...successes.map((d) => Date.parse(d.at)));
    const ready = first + soak.ms;
    if (ready > ctx.at) {
      const soakedMinutes = Math.max(0, Math.floor((ctx.at - first) / 60_000));
      findings.push({
        code: GATE_CODES.soak,
        rule: "soak",
        key: soak.key,
        message: `${what} succeeded in ${before} at ${new Date(first).toISOString()}, only ${soakedMinutes} min ago; ${env.name} requires a soak of ${soak.text}`,
        facts: { environment: env.name, after: before, version, succeededAt: new Date(first).toISOString(), soak: soak.text, readyAt: new Date(ready).toISOString() },
        remedy: `Wait until ${new Date(ready).toISOString()} (a soak of ${soak.text} in ${before}).`,
      });
    }
  });
  return findings;
};
