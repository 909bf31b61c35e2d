import { semver } from "./semver.ts";
import type { VersionTag } from "./previous-release.ts";
import type { PackagePlan } from "./release-plan.ts";
import type { PackageOutcome } from "./package-plan.ts";

/**
 * The release the target commit already is: the highest of the package's version tags on that very
 * commit that the run could have made (a stable one, or a prerelease of the run's channel).
 */
export function taggedAt(candidates: readonly VersionTag[], commit: string, channel: string | undefined): VersionTag | undefined {
  return candidates.find((c) => {
    if (c.commit !== commit) return false;
    const pre = semver.prerelease(c.version);
    return pre === null || (channel !== undefined && pre[0] === channel);
  });
}

/**
 * A package whose target is already tagged releases nothing, whatever its range holds (with --from
 * the range may well hold commits): planning "the version after it" would tag the same code twice.
 */
export function asAlreadyReleased(plan: PackagePlan, tagged: VersionTag): PackagePlan {
  const { next: _next, versionSource: _source, dependencyUpdates: _updates, ...rest } = plan;
  return {
    ...rest,
    released: false,
    alreadyReleased: { version: tagged.version, tag: tagged.tag },
    reason: `already released as ${tagged.version} (${tagged.tag})`,
    notes: "",
  };
}

/** A planned tag that already names another commit: tagging would fail, so the plan says so first. */
export function tagTakenWarning(plan: PackagePlan, tags: ReadonlyArray<{ name: string; commit: string }>): string | undefined {
  const next = plan.next;
  if (!plan.released || next === undefined) return undefined;
  const taken = tags.find((t) => t.name === next.tag);
  return taken === undefined ? undefined : `${next.tag} already names commit ${taken.commit.slice(0, 12)}: the plan (its base set by --from?) repeats a release; tagging it would fail`;
}

/**
 * Each package's outcome with the target's own tags applied: "already released" where the target
 * carries the package's release, and a warning where a planned tag already names another commit.
 */
export function withTargetTags(
  finals: readonly PackageOutcome[],
  packages: ReadonlyArray<{ name: string; candidates: readonly VersionTag[] }>,
  at: { to: string; channel: string | undefined; tags: ReadonlyArray<{ name: string; commit: string }> },
  warnings: string[],
): PackageOutcome[] {
  return finals.map((o, i) => {
    const pkg = packages[i];
    const tagged = pkg !== undefined && pkg.name === o.plan.name ? taggedAt(pkg.candidates, at.to, at.channel) : undefined;
    // A dependency's release still moves a tagged dependent: its manifest changes with it (lerna's way).
    const out = tagged !== undefined && o.plan.versionSource !== "dependency" ? { ...o, plan: asAlreadyReleased(o.plan, tagged) } : o;
    const taken = tagTakenWarning(out.plan, at.tags);
    if (taken !== undefined) warnings.push(taken);
    return out;
  });
}
