import { RelmError } from "../errors.ts";
import { candidateDigest } from "./candidate-digest.ts";
import type { ReleaseCandidate, SignedCandidate } from "./candidate-schema.ts";

export interface CandidateDifference {
  where: string;
  message: string;
}

const short = (digest: string | null) => (digest === null ? "the embedded defaults" : digest.slice(0, 19));

/**
 * What differs between the candidate that was signed and the one computed now, field by field, so
 * the refusal says "a different commit", "changed notes", "a changed artifact" rather than two digests.
 * Artifacts are compared only when the signed candidate lists some (they were built before sign-off).
 */
export function candidateDifferences(signed: ReleaseCandidate, now: ReleaseCandidate): CandidateDifference[] {
  const out: CandidateDifference[] = [];
  if (signed.repository !== now.repository) out.push({ where: "repository", message: `signed for ${signed.repository}, now ${now.repository}` });
  if (signed.commit !== now.commit) out.push({ where: "commit", message: `signed at commit ${signed.commit.slice(0, 12)}, now ${now.commit.slice(0, 12)}: a different commit` });
  const key = (p: ReleaseCandidate["packages"][number]) => p.package ?? "";
  const before = new Map(signed.packages.map((p) => [key(p), p]));
  const after = new Map(now.packages.map((p) => [key(p), p]));
  for (const [name, p] of before) {
    const q = after.get(name);
    const label = name ? `package ${name}` : "release";
    if (!q) out.push({ where: label, message: `signed ${p.version} (${p.tag}), not in the release now` });
    else {
      if (p.version !== q.version || p.tag !== q.tag) out.push({ where: `${label} version`, message: `signed ${p.version} (${p.tag}), now ${q.version} (${q.tag})` });
      if (p.notes !== q.notes) out.push({ where: `${label} notes`, message: `the release notes changed since sign-off (${short(p.notes)} then, ${short(q.notes)} now)` });
    }
  }
  for (const [name, q] of after) if (!before.has(name)) out.push({ where: name ? `package ${name}` : "release", message: `${q.version} (${q.tag}) is in the release now, but was not signed` });
  if (signed.policy.file !== now.policy.file || signed.policy.digest !== now.policy.digest) {
    out.push({ where: "policy", message: `signed under ${signed.policy.file} ${short(signed.policy.digest)}, now ${now.policy.file} ${short(now.policy.digest)}: the committed policy changed` });
  }
  if (signed.artifacts.length > 0) {
    const had = new Map(signed.artifacts.map((a) => [a.name, a]));
    const has = new Map(now.artifacts.map((a) => [a.name, a]));
    for (const [name, a] of had) {
      const b = has.get(name);
      if (!b) out.push({ where: `artifact ${name}`, message: "signed, but missing now" });
      else if (a.sha256 !== b.sha256 || a.size !== b.size) out.push({ where: `artifact ${name}`, message: `signed sha256 ${a.sha256.slice(0, 12)} (${a.size} bytes), now ${b.sha256.slice(0, 12)} (${b.size} bytes): a changed artifact` });
    }
    for (const name of has.keys()) if (!had.has(name)) out.push({ where: `artifact ${name}`, message: "not in the signed candidate" });
  }
  return out;
}

/**
 * Refuses to go on with a release that is not the signed candidate. `signed` may be the whole
 * candidate (differences are named) or only its digest (the candidate computed now is shown).
 * Artifacts built after sign-off are left out of the comparison when the signed candidate has none.
 */
export function requireCandidate(step: string, signed: SignedCandidate | { digest: string }, now: SignedCandidate): SignedCandidate {
  const withoutArtifacts = { ...now.candidate, artifacts: [] };
  if ("candidate" in signed) {
    const comparable = signed.candidate.artifacts.length === 0 ? withoutArtifacts : now.candidate;
    const differences = candidateDifferences(signed.candidate, comparable);
    if (differences.length === 0 && candidateDigest(signed.candidate) === signed.digest) return signed;
    if (differences.length === 0) differences.push({ where: "candidate", message: `the signed candidate's content does not have the digest ${signed.digest} it came with` });
    throw mismatch(step, signed.digest, now.digest, differences);
  }
  if (signed.digest === now.digest) return now;
  if (signed.digest === candidateDigest(withoutArtifacts)) return { digest: signed.digest, candidate: withoutArtifacts };
  throw mismatch(step, signed.digest, now.digest, [{ where: "candidate", message: `computed now: ${JSON.stringify(now.candidate)}` }]);
}

function mismatch(step: string, signed: string, now: string, details: CandidateDifference[]): RelmError {
  return new RelmError("RELM_CANDIDATE_MISMATCH", "refused", `${step}: this is not the release candidate the CAB signed (${signed}); computed now: ${now}`, {
    details,
    hint: "Nothing was changed. Plan the release again and ask the CAB to sign the new candidate.",
  });
}
