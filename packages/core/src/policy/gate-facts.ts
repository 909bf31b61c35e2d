import type { CheckResult, Deployment, ForgeFreeze } from "../ports/forge.ts";
import type { Bump } from "./risk-schema.ts";

/** What the release is, as far as risk classes care: taken from the release plan. */
export interface ReleaseSummary {
  /** The version to release (e.g. 1.4.0), matched against deployments for promotion. */
  version?: string;
  bump: Bump;
  breaking: boolean;
  commits: number;
  /** Paths changed by the release's commits. */
  paths: string[];
}

/** A request to break glass, from an input, a label or a commit trailer. */
export interface OverrideRequest {
  /** Who asks: a login (input, label) or the commit author's e-mail (trailer). */
  by: string;
  via: "input" | "label" | "trailer";
  reason: string;
  /** Rule names (freeze, checks, ...) or violation codes (RELM_GATE_FREEZE) to lift. */
  rules: string[];
  /** Groups `by` was found to belong to (resolved by the use case through the forge). */
  groups?: string[];
}

export type GitRefFact = { kind: "branch"; name: string } | { kind: "tag"; name: string } | { kind: "detached" };

/**
 * Everything the gate decides on, gathered by adapters beforehand so that evaluatePolicy stays pure.
 * Absent optional facts are "unknown", and unknown never counts as compliant.
 */
export interface GateFacts {
  /** The instant to judge (ISO 8601): now, or `--at` for "would this be allowed then?". */
  at: string;
  environment?: string;
  ref: GitRefFact;
  commit: string;
  /** Check results on `commit`; undefined when nothing could read them. */
  checks?: CheckResult[];
  /** Deployment history per environment named in `after`; undefined when nothing could read it. */
  deployments?: Record<string, Deployment[]>;
  release?: ReleaseSummary;
  labels?: string[];
  override?: OverrideRequest;
  /** Releases the registry's chain marks failed (backed out, or reviewed as failed). */
  failedReleases?: Array<{ package?: string; version: string; commit?: string; environment?: string; reason: string; at: string; where: string }>;
  /** Freezes declared on the forge (GitLab deploy freezes), judged beside the policy's windows. */
  forgeFreezes?: ForgeFreeze[];
}
