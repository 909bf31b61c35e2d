/** The rules a break-glass override may name; each violation belongs to exactly one of them. */
export const OVERRIDABLE_RULES = ["branch", "tag", "freeze", "checks", "promotion", "soak", "failed"] as const;
export type OverridableRule = (typeof OVERRIDABLE_RULES)[number];

/** Rules that no override lifts: an unknown environment, a refused override itself, and the schedule (an emergency class is its exception). */
export type GateRule = OverridableRule | "environment" | "override" | "schedule";

/** Stable violation codes; docs/errors.md has one section per code. */
export const GATE_CODES = {
  branch: "RELM_GATE_BRANCH",
  tag: "RELM_GATE_TAG",
  freeze: "RELM_GATE_FREEZE",
  checkMissing: "RELM_GATE_CHECK_MISSING",
  checkFailed: "RELM_GATE_CHECK_FAILED",
  promotion: "RELM_GATE_PROMOTION",
  soak: "RELM_GATE_SOAK",
  environment: "RELM_GATE_ENVIRONMENT",
  override: "RELM_GATE_OVERRIDE",
  schedule: "RELM_GATE_SCHEDULE",
  failed: "RELM_GATE_FAILED_RELEASE",
} as const;
export type GateCode = (typeof GATE_CODES)[keyof typeof GATE_CODES];
