import type { ReleasePlan } from "../version/release-plan.ts";
import type { ReleaseSummary } from "./gate-facts.ts";
import type { Bump } from "./risk-schema.ts";

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

function baseBump(bump: string): Bump {
  if (bump.endsWith("major")) return "major";
  if (bump.endsWith("minor")) return "minor";
  if (bump === "none") return "none";
  return "patch";
}

/** What risk classes and promotion read from a release plan: the highest bump, breaking changes, size, paths, version. */
export function releaseSummaryOf(plan: ReleasePlan): ReleaseSummary {
  const released = plan.packages.filter((p) => p.released);
  let bump: Bump = "none";
  for (const p of released) {
    const b = baseBump(p.bump);
    if (RANK[b] > RANK[bump]) bump = b;
  }
  const versions = [...new Set(released.map((p) => p.next?.version).filter((v): v is string => v !== undefined))];
  const paths = [...new Set(plan.packages.flatMap((p) => p.touchedPaths ?? []))].sort();
  return {
    // A monorepo release of several versions has no one version to find in a deployment: match by commit then.
    ...(versions.length === 1 && versions[0] !== undefined ? { version: versions[0] } : {}),
    bump,
    breaking: plan.packages.some((p) => p.breakingChanges > 0),
    commits: plan.commitCount,
    paths,
  };
}
