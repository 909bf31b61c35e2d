import { releaseCandidate, type ReleasePlan, type SignedCandidate } from "@relm/core";
import { tagTargets } from "./plan-facts.ts";
import type { Project } from "./project.ts";

/**
 * The release candidate of this run's plan, computed as the release step computes it (the targets,
 * the commit, and the policy committed at the target ref, which the gate's `decision` names), so
 * the digest the plan job shows is the digest the CAB signs and tag and publish check. None when
 * nothing is released.
 */
export async function planCandidate(project: Project, plan: ReleasePlan, decision: unknown, options: { repository: string; prerelease?: "auto" | boolean }): Promise<SignedCandidate | undefined> {
  const targets = tagTargets(plan, options.prerelease ?? "auto");
  if (targets.length === 0) return undefined;
  return releaseCandidate(
    { project: project.config.project ?? options.repository, plan: { targets, commits: [], range: { to: plan.range.to, commits: 0 } }, gate: { decision } },
    { git: project.git },
  );
}
