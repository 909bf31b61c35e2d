import { RelmError } from "../errors.ts";
import type { Registry } from "../ports/registry.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";
import { PROVENANCE_ARTIFACT } from "../provenance/statement-schema.ts";

// A statement is a few kilobytes; a bigger "statement" is not read into memory.
const STATEMENT_LIMIT = 4 * 1024 * 1024;

/**
 * The stored text of a release's provenance statement, streamed from the registry; undefined when the
 * release has none (records of earlier relm versions, releases of no artifacts).
 */
export async function readProvenance(registry: Registry, record: ReleaseRecord): Promise<string | undefined> {
  const artifact = record.artifacts.find((a) => a.name === PROVENANCE_ARTIFACT);
  if (!artifact) return undefined;
  const where = `${recordKey(record)}/${PROVENANCE_ARTIFACT}`;
  const tooLarge = () => new RelmError("RELM_PROVENANCE_INVALID", "integrity", `${where} is larger than a statement can be`, { details: [{ where, message: `more than ${STATEMENT_LIMIT} bytes` }] });
  if (artifact.size > STATEMENT_LIMIT) throw tooLarge();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for await (const chunk of await registry.openArtifact(recordKey(record), artifact)) {
    size += chunk.byteLength;
    if (size > STATEMENT_LIMIT) throw tooLarge();
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
