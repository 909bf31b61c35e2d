import type { ConfigSource } from "../load-config.ts";
import type { GateFacts } from "../gate-facts.ts";
import type { GatePolicy } from "../gate-schema.ts";
import type { EnvironmentConfig } from "../environment-schema.ts";
import type { RiskClassConfig } from "../risk-schema.ts";
import type { GateCode, GateRule } from "../gate-rules.ts";
import type { FreezeSpec } from "../freeze-windows.ts";

/** What each rule sees: the facts, the policy, and what evaluatePolicy resolved beforehand. */
export interface RuleContext {
  facts: GateFacts;
  policy: GatePolicy;
  source: ConfigSource;
  /** Epoch ms of facts.at. */
  at: number;
  /** The environment's rules, when the run names a declared environment. */
  environment?: { name: string; config: EnvironmentConfig };
  /**
   * The rules of the risk classes that apply to this environment: the release's class and, when an
   * accepted override changed the class, the class it would have had without it.
   */
  riskClasses: Array<{ index: number; config: RiskClassConfig }>;
  freezes: FreezeSpec[];
}

/** A violation before it is placed (file, line) and linked to the docs. */
export interface Finding {
  code: GateCode;
  rule: GateRule;
  /** Key path of the rule in .relm.yml, e.g. ["policy", "freezes", 0]. */
  key: Array<string | number>;
  /** The message without the location; evaluatePolicy appends "(.relm.yml:12)". */
  message: string;
  facts: Record<string, unknown>;
  remedy: string;
}

export type Rule = (ctx: RuleContext) => Finding[];

/** `file:line` of a key, for messages that name another rule's place. */
export function placeOf(ctx: RuleContext, key: ReadonlyArray<string | number>): string {
  const line = ctx.source.lineOf(key);
  return line === undefined ? ctx.source.file : `${ctx.source.file}:${line}`;
}
