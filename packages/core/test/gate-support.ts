import { evaluatePolicy, loadConfig, type Decision, type GateFacts } from "@relm/core";

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

/** Facts of an ordinary run on main; tests change only what they are about. */
export function facts(extra: Partial<GateFacts> = {}): GateFacts {
  return { at: "2026-11-18T10:00:00Z", ref: { kind: "branch", name: "main" }, commit: COMMIT, checks: [], ...extra };
}

/** Evaluates `yaml` (a whole .relm.yml) against `f`, so violations carry real line numbers. */
export function decide(yaml: string, f: GateFacts): Decision {
  const { config, source } = loadConfig(yaml, ".relm.yml", "abc123");
  return evaluatePolicy(f, config.policy, source);
}

export const codes = (d: Decision) => d.violations.map((v) => v.code);
