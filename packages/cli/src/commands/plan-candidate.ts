import { systemClock } from "@relm/core";
import type { PlanRun } from "./plan-run.ts";
import { loadProjectConfig } from "../load-project-config.ts";
import { writeCandidateFile } from "../release/candidate-step.ts";
import { targetCandidate } from "../release/target-candidate.ts";
import { reportToCi } from "../ci-report.ts";

/**
 * `relm plan --candidate FILE`: the release candidate the CAB is asked to sign, written to FILE and
 * named on stderr. Computed exactly as approve, tag and publish compute it again later.
 */
export async function writePlanCandidate(run: PlanRun, file: string, artifacts: readonly string[], o: { targetRef?: string; env?: string }): Promise<string | undefined> {
  const loaded = await loadProjectConfig(run.globals);
  const found = await targetCandidate({ git: run.git, root: run.root, loaded, globals: run.globals, env: process.env, clock: systemClock, ...(run.authors ? { authors: run.authors } : {}) }, o, artifacts);
  if (!found.candidate) {
    process.stderr.write(`no release candidate: ${found.plan.reason ?? "nothing to release"}\n`);
    return undefined;
  }
  await writeCandidateFile(file, found.candidate, systemClock.now().toISOString());
  reportToCi(process.env, { RELM_CANDIDATE_DIGEST: found.candidate.digest });
  process.stderr.write(`release candidate ${found.candidate.digest} written to ${file}: the digest the CAB signs\n`);
  return found.candidate.digest;
}
