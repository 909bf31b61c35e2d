import { semver } from "./semver.ts";
import type { Bump, ReleaseType } from "./release-rules.ts";

export interface PreMajorRules {
  /** What a breaking change bumps while the major version is 0. */
  breaking: ReleaseType;
  /** What a minor-level change (feat) bumps while the major version is 0. */
  feat: ReleaseType;
}

export interface NextVersionInput {
  /** The last stable version reachable from the target; undefined before the first release. */
  previousStable?: string;
  /** The newest reachable prerelease on `channel` above previousStable, if any. */
  previousPrerelease?: string;
  bump: Bump;
  preMajor: PreMajorRules;
  channel?: string;
  initialVersion: string;
  /** A `Release-As:` version: replaces the computed base version (and forces a release). */
  releaseAs?: string;
  /** Number of the first prerelease of a series (0: rc.0; 1: rc.1). */
  prereleaseStart?: 0 | 1;
}

/** The bump after the 0.x rules: while major is 0, breaking and minor changes may be softened. */
export function effectiveBump(bump: Bump, previous: string | undefined, preMajor: PreMajorRules): Bump {
  if (previous === undefined || semver.major(previous) !== 0) return bump;
  if (bump === "major") return preMajor.breaking;
  if (bump === "minor") return preMajor.feat;
  return bump;
}

/**
 * The next version, or undefined when the bump is none. On a channel: `1.4.0-rc.0`, then `rc.1`, ...
 * while the target stays the same (a bigger bump starts a new series); without a channel the
 * version graduates from the last stable one, whatever prereleases came between.
 */
export function nextVersion(input: NextVersionInput): string | undefined {
  const { previousStable, channel, releaseAs } = input;
  if (input.bump === "none" && releaseAs === undefined) return undefined;
  if (releaseAs !== undefined && semver.prerelease(releaseAs) !== null) return releaseAs;
  const bump = effectiveBump(input.bump, previousStable, input.preMajor);
  const base =
    releaseAs !== undefined ? releaseAs : previousStable === undefined ? input.initialVersion : semver.inc(previousStable, bump === "none" ? "patch" : bump);
  if (base === null) return undefined;
  if (channel === undefined) return base;
  const pre = input.previousPrerelease;
  if (pre !== undefined && semver.prerelease(pre)?.[0] === channel) {
    const preBase = `${semver.major(pre)}.${semver.minor(pre)}.${semver.patch(pre)}`;
    if (semver.gte(preBase, base)) return semver.inc(pre, "prerelease", channel) ?? undefined;
  }
  return `${base}-${channel}.${input.prereleaseStart ?? 0}`;
}
