// The release candidate: what the CAB signs, computed again by every step after the sign-off.
export { releaseCandidateSchema, type ReleaseCandidate, type SignedCandidate } from "./candidate-schema.ts";
export { candidateDigest, textDigest } from "./candidate-digest.ts";
export { buildCandidate, type CandidateInput } from "./build-candidate.ts";
export { candidateDifferences, requireCandidate, type CandidateDifference } from "./candidate-differences.ts";
