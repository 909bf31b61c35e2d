import { docsLink, RelmError } from "../errors.ts";
import type { ConfigSource } from "./load-config.ts";
import { gateSchema, type GatePolicy } from "./gate-schema.ts";
import type { GateFacts } from "./gate-facts.ts";
import type { ActiveFreeze, Decision, OverrideUse, RiskClassDecision, Violation } from "./decision.ts";
import { GATE_CODES } from "./gate-rules.ts";
import { freezeAppliesTo, freezeSpecs, frozenIntervalAt } from "./freeze-windows.ts";
import { judgeOverride, overrideLifts } from "./override-judgement.ts";
import { riskClassOf } from "./risk-class.ts";
import { requiredApprovalOf } from "./required-approval.ts";
import { isoInZone, parseInstant } from "../time/index.ts";
import type { Finding, Rule, RuleContext } from "./rules/rule-context.ts";
import { branchRule } from "./rules/branch-rule.ts";
import { freezeRule } from "./rules/freeze-rule.ts";
import { checksRule, requiredChecks } from "./rules/checks-rule.ts";
import { promotionRule } from "./rules/promotion-rule.ts";
import { scheduleRule } from "./rules/schedule-rule.ts";
import { failedRule } from "./rules/failed-rule.ts";

const RULES: readonly Rule[] = [branchRule, freezeRule, checksRule, promotionRule, scheduleRule, failedRule];

/** Where rules are placed when the caller has no file to point at (evaluatePolicy on a policy built in code). */
const NO_FILE: ConfigSource = { file: ".relm.yml", lineOf: () => undefined };

/**
 * The release's risk class, and the classes whose rules apply to the environment. An accepted
 * override may make the release another class (an `override: true` condition, say emergency); the
 * class it would have had without the override keeps its rules, so breaking glass on a freeze
 * never quietly drops a major release's quorum, checks or soak.
 */
function riskOf(rules: GatePolicy, facts: GateFacts, overrideAccepted: boolean, source: ConfigSource): { decision: RiskClassDecision; applying: RuleContext["riskClasses"] } {
  const risk = riskClassOf(rules.risk, facts, overrideAccepted, source);
  const without = overrideAccepted ? riskClassOf(rules.risk, facts, false, source) : undefined;
  const changed = without !== undefined && without.decision.name !== risk.decision.name ? without : undefined;
  const env = facts.environment;
  const applying: RuleContext["riskClasses"] = [];
  for (const index of [changed?.index, risk.index]) {
    const config = index === undefined ? undefined : rules.risk?.classes[index];
    if (index === undefined || !config) continue;
    if (config.environments === undefined || (env !== undefined && config.environments.includes(env))) applying.push({ index, config });
  }
  const decision = changed ? { ...risk.decision, withoutOverride: changed.decision } : risk.decision;
  return { decision, applying };
}

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
export function evaluatePolicy(facts: GateFacts, policy: GatePolicy | undefined, source: ConfigSource = NO_FILE): Decision {
  const rules = policy ?? gateSchema.parse({});
  const at = parseInstant(facts.at);
  if (at === undefined) throw new RelmError("RELM_GATE_TIME", "usage", `not an instant: ${JSON.stringify(facts.at)}`, { hint: "Give an ISO 8601 instant with an offset, e.g. 2026-12-24T17:00:00+01:00." });

  const judged = facts.override ? judgeOverride(facts.override, rules.override, facts.labels) : undefined;
  const risk = riskOf(rules, facts, judged?.accepted === true, source);
  const envName = facts.environment;
  const envConfig = envName === undefined ? undefined : rules.environments[envName];

  const ctx: RuleContext = {
    facts,
    policy: rules,
    source,
    at,
    ...(envName !== undefined && envConfig ? { environment: { name: envName, config: envConfig } } : {}),
    riskClasses: risk.applying,
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
      lifted = findings.filter((f) => overrideLifts(judged.targets, f.rule, f.code));
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
      at: new Date(at).toISOString(),
      rules: judged.rules,
      accepted: judged.accepted,
      ...(judged.accepted ? {} : { refusal: judged.refusal }),
      lifted: lifted.map((f) => f.code),
    };
  }

  const requiredApproval = requiredApprovalOf(envConfig, risk.applying.map((c) => c.config));
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
