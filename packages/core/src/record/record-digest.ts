import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** The text a record is stored as: its RFC 8785 canonical JSON, so the stored bytes are the digested bytes. */
export function recordText(record: unknown): string {
  const text = canonicalize(record);
  if (text === undefined) throw new TypeError("a release record must be a JSON object");
  return `${text}\n`;
}

/** `sha256:<hex>` of a record's canonical JSON: what the next record's `chain.previous` holds. */
export function recordDigest(record: unknown): string {
  return `sha256:${createHash("sha256").update(recordText(record).trimEnd(), "utf8").digest("hex")}`;
}
