import { createHash } from "node:crypto";
import { recordDigest } from "../record/record-digest.ts";
import type { ReleaseCandidate } from "./candidate-schema.ts";

/** `sha256:<hex>` of the candidate's canonical JSON (RFC 8785): the one value the CAB signs. */
export function candidateDigest(candidate: ReleaseCandidate): string {
  return recordDigest(candidate);
}

/** `sha256:<hex>` of a text as it is published (notes, a policy file). */
export function textDigest(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}
