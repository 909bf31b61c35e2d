import { buildCandidate } from "../candidate/build-candidate.ts";
import type { SignedCandidate } from "../candidate/candidate-schema.ts";
import type { Git } from "../ports/git.ts";
import type { GateStepResult, PlanStepResult } from "./release.ts";

export interface CandidateOfRelease {
  project: string;
  plan: PlanStepResult;
  gate: Pick<GateStepResult, "decision">;
  /** Artifacts built before the sign-off: they become part of what the CAB signs. */
  artifacts?: readonly { name: string; sha256: string; size: number }[];
}

interface PolicyOfDecision {
  file?: unknown;
  revision?: unknown;
  ref?: unknown;
  found?: unknown;
}

/**
 * The release candidate of a plan: the commit, each package's version, tag and notes, the committed
 * policy that judged it (read again at the revision the gate read) and the artifacts built so far.
 * Plan, approve, tag and publish all compute it this way, so the same release gives the same digest.
 */
export async function releaseCandidate(input: CandidateOfRelease, ports: { git: Pick<Git, "readFile" | "resolve"> }): Promise<SignedCandidate> {
  const policy = ((input.gate.decision as { policy?: PolicyOfDecision } | undefined)?.policy ?? {}) as PolicyOfDecision;
  const file = typeof policy.file === "string" ? policy.file : ".relm.yml";
  const at = typeof policy.revision === "string" ? policy.revision : typeof policy.ref === "string" ? policy.ref : undefined;
  const text = policy.found === true && at !== undefined ? await ports.git.readFile(at, file) : undefined;
  return buildCandidate({
    repository: input.project,
    commit: await ports.git.resolve(input.plan.range.to),
    targets: input.plan.targets,
    policy: { file, text },
    ...(input.artifacts ? { artifacts: input.artifacts } : {}),
  });
}
