import { compareText } from "../notes/compare-text.ts";
import { candidateDigest, textDigest } from "./candidate-digest.ts";
import type { ReleaseCandidate, SignedCandidate } from "./candidate-schema.ts";

export interface CandidateInput {
  repository: string;
  commit: string;
  targets: readonly { package?: string; version: string; tag: string; notes: string }[];
  /** The committed policy the gate judged with; text undefined when the embedded defaults judged. */
  policy: { file: string; text: string | undefined };
  artifacts?: readonly { name: string; sha256: string; size: number }[];
}

/** The release candidate of a plan, in a canonical order, with its digest. */
export function buildCandidate(input: CandidateInput): SignedCandidate {
  const candidate: ReleaseCandidate = {
    schema: "relm.candidate/v1",
    repository: input.repository,
    commit: input.commit,
    packages: input.targets
      .map((t) => ({ ...(t.package ? { package: t.package } : {}), version: t.version, tag: t.tag, notes: textDigest(t.notes) }))
      .sort((a, b) => compareText(a.tag, b.tag)),
    policy: { file: input.policy.file, digest: input.policy.text === undefined ? null : textDigest(input.policy.text) },
    artifacts: [...(input.artifacts ?? [])].map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })).sort((a, b) => compareText(a.name, b.name)),
  };
  return { digest: candidateDigest(candidate), candidate };
}
