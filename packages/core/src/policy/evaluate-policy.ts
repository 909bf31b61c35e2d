import { docsLink, RelmError } from "../errors.ts";
import type { ConfigSource } from "./load-config.ts";
import { gateSchema, type GatePolicy } from "./gate-schema.ts";
import type { GateFacts } from "./gate-facts.ts";
import type { ActiveFreeze, Decision, OverrideUse, Violation } from "./decision.ts";
import { GATE_CODES } from "./gate-rules.ts";
import { freezeAppliesTo, freezeSpecs, frozenIntervalAt } from "./freeze-windows.ts";
import { judgeOverride } from "./override-judgement.ts";
import { riskClassOf } from "./risk-class.ts";
import { requiredApprovalOf } from "./required-approval.ts";
import { isoInZone } from "../time/index.ts";
import type { Finding, Rule, RuleContext } from "./rules/rule-context.ts";
import { branchRule } from "./rules/branch-rule.ts";
import { freezeRule } from "./rules/freeze-rule.ts";
import { checksRule, requiredChecks } from "./rules/checks-rule.ts";
import { promotionRule } from "./rules/promotion-rule.ts";

const RULES: readonly Rule[] = [branchRule, freezeRule, checksRule, promotionRule];

function place(f: Finding, source: ConfigSource): Violation {
  const line = source.lineOf(f.key);
  const key = f.key.join(".");
  const at = line === undefined ? source.file : `${source.file}:${line}`;
  return {
    code: f.code,
    rule: f.rule,
    message: `${f.message} [${key} at ${at}]`,
    where: { file: source.file, ...(line === undefined ? {} : { line }), key },
    facts: f.facts,
    remedy: f.remedy,
    docs: docsLink(f.code),
  };
}

/**
 * The gate's judgement: every rule is evaluated and every violation is listed, each with its code,
 * its place in .relm.yml, the facts it used and how to comply. Pure: the facts were gathered before.
 */
export function evaluatePolicy(facts: GateFacts, policy: GatePolicy | undefined, source: ConfigSource): Decision {
  const rules = policy ?? gateSchema.parse({});
  const at = Date.parse(facts.at);
  if (!Number.isFinite(at)) throw new RelmError("RELM_GATE_TIME", "usage", `not an instant: ${JSON.stringify(facts.at)}`, { hint: "Give an ISO 8601 instant with an offset, e.g. 2026-12-24T17:00:00+01:00." });

  const judged = facts.override ? judgeOverride(facts.override, rules.override, facts.labels) : undefined;
  const risk = riskClassOf(rules.risk, facts, judged?.accepted === true, source);
  const envName = facts.environment;
  const envConfig = envName === undefined ? undefined : rules.environments[envName];
  const classConfig = risk.index === undefined ? undefined : rules.risk?.classes[risk.index];
  const classApplies = classConfig !== undefined && (classConfig.environments === undefined || (envName !== undefined && classConfig.environments.includes(envName)));

  const ctx: RuleContext = {
    facts,
    policy: rules,
    source,
    at,
    ...(envName !== undefined && envConfig ? { environment: { name: envName, config: envConfig } } : {}),
    ...(classApplies && risk.index !== undefined ? { riskClass: { index: risk.index, config: classConfig } } : {}),
    freezes: freezeSpecs(rules.freezes, rules.timeZone, facts.forgeFreezes),
  };

  const findings: Finding[] = [];
  if (envName !== undefined && !envConfig && Object.keys(rules.environments).length > 0) {
    findings.push({
      code: GATE_CODES.environment,
      rule: "environment",
      key: ["policy", "environments"],
      message: `environment ${JSON.stringify(envName)} is not declared in the policy (declared: ${Object.keys(rules.environments).join(", ")})`,
      facts: { environment: envName, declared: Object.keys(rules.environments) },
      remedy: `Use a declared environment, or add ${envName} under policy.environments.`,
    });
  }
  for (const rule of RULES) findings.push(...rule(ctx));

  let override: OverrideUse | undefined;
  let blocking = findings;
  let lifted: Finding[] = [];
  if (facts.override && judged) {
    if (judged.accepted) {
      lifted = findings.filter((f) => (judged.rules as string[]).includes(f.rule));
      blocking = findings.filter((f) => !lifted.includes(f));
    } else {
      blocking = [
        ...findings,
        {
          code: GATE_CODES.override,
          rule: "override",
          key: rules.override ? ["policy", "override"] : ["policy"],
          message: `override by ${facts.override.by} via ${facts.override.via} refused: ${judged.refusal}`,
          facts: { by: facts.override.by, via: facts.override.via, rules: facts.override.rules, groups: facts.override.groups ?? [] },
          remedy: "Ask someone policy.override allows, name the rules to lift and give a reason; or comply with the rules.",
        },
      ];
    }
    override = {
      by: facts.override.by,
      via: facts.override.via,
      reason: facts.override.reason,
      rules: judged.rules,
      accepted: judged.accepted,
      ...(judged.accepted ? {} : { refusal: judged.refusal }),
      lifted: lifted.map((f) => f.code),
    };
  }

  const requiredApproval = envConfig || classApplies ? requiredApprovalOf(envConfig, classApplies ? classConfig : undefined) : undefined;
  const violations = blocking.map((f) => place(f, source));
  return {
    allowed: violations.length === 0,
    ...(envName !== undefined ? { environment: envName } : {}),
    violations,
    overridden: lifted.map((f) => place(f, source)),
    ...(override ? { override } : {}),
    riskClass: risk.decision,
    ...(requiredApproval ? { requiredApproval } : {}),
    requiredChecks: requiredChecks(ctx).map((c) => c.name),
    activeFreezes: activeFreezes(ctx),
    policy: { file: source.file, ...(source.revision === undefined ? {} : { revision: source.revision }) },
    facts,
    evaluatedAt: new Date(at).toISOString(),
  };
}

function activeFreezes(ctx: RuleContext): ActiveFreeze[] {
  const out: ActiveFreeze[] = [];
  for (const spec of ctx.freezes) {
    if (!freezeAppliesTo(spec, ctx.facts.environment)) continue;
    const i = frozenIntervalAt(spec, ctx.at);
    if (!i) continue;
    out.push({ name: spec.name, start: isoInZone(i.start, spec.timeZone), end: i.end === undefined ? "" : isoInZone(i.end, spec.timeZone), timeZone: spec.timeZone, source: spec.source });
  }
  return out;
}
