import type { CabRule } from "../approval/cab-rule-schema.ts";
import type { GateCode, GateRule } from "./gate-rules.ts";
import type { GateFacts } from "./gate-facts.ts";

/** One broken rule. Plain data: it goes into the decision JSON and the release record. */
export interface Violation {
  code: GateCode;
  rule: GateRule;
  /** Names the rule and its place in .relm.yml. */
  message: string;
  /** The rule's file and line (line absent for rules not written in the file, e.g. forge freezes). */
  where: { file: string; line?: number; key: string };
  /** The facts this violation was decided on. */
  facts: Record<string, unknown>;
  /** How to comply. */
  remedy: string;
  docs: string;
}

export interface OverrideUse {
  /** Who asked: a login (input, label) or the release commit's author e-mail (trailer). */
  by: string;
  /** The channel it was asked through. */
  via: "input" | "label" | "trailer";
  reason: string;
  /** When it was used: the instant the gate judged. */
  at: string;
  /** The rules the request named (normalised to rule names). */
  rules: string[];
  accepted: boolean;
  /** Why the override was refused, when it was. */
  refusal?: string;
  /** Codes of the violations the override lifted. */
  lifted: string[];
}

export interface RiskClassDecision {
  name: string;
  /** Which condition made it so, or "default". */
  because: string;
  line?: number;
  /**
   * The class the release would have without the accepted override, when that is another class.
   * Its rules still apply (an override lifts only the rules it names, never a class's requirements).
   */
  withoutOverride?: { name: string; because: string; line?: number };
}

export interface ActiveFreeze {
  name: string;
  start: string;
  end: string;
  timeZone: string;
  source: string;
}

/** The gate's answer, JSON-serialisable, kept in the release record. */
export interface Decision {
  allowed: boolean;
  environment?: string;
  /** Violations that still block. */
  violations: Violation[];
  /** Violations a valid override lifted: recorded, not hidden. */
  overridden: Violation[];
  override?: OverrideUse;
  riskClass: RiskClassDecision;
  /** The CAB sign-off the environment requires (after the risk class raised it); the approve job judges it. */
  requiredApproval?: CabRule;
  requiredChecks: string[];
  activeFreezes: ActiveFreeze[];
  /** Which policy judged: the file, the ref and revision it was read from, whether it was there, whether the release changes it. */
  policy: { file: string; revision?: string; ref?: string; found?: boolean; changedByRelease?: boolean };
  facts: GateFacts;
  evaluatedAt: string;
}
