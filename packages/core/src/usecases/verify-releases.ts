import type { ByteStream, Registry, StoredArtifact } from "../ports/registry.ts";
import { recordKey, type ReleaseRecord } from "../record/release-record-schema.ts";
import { checkProvenance } from "../provenance/check-statement.ts";
import { PROVENANCE_ARTIFACT } from "../provenance/statement-schema.ts";
import { readProvenance } from "./read-provenance.ts";
import { verifyChain, type ChainEvent, type ChainProblem, type ChainRecord } from "../record/verify-chain.ts";

export interface VerifyResult {
  ok: boolean;
  /** The records checked (all, or the one version asked for), in chain order. */
  checked: ChainRecord[];
  /** Artifacts re-hashed. */
  artifacts: number;
  problems: ChainProblem[];
  /** The events of the chain (refusals, deployments, …), in chain order. */
  events: ChainEvent[];
  /** Versions whose sign-off was asserted on the command line, not read from a forge. */
  locallyAsserted: string[];
  /** The checked releases whose provenance statement matched their record, and those that have none (older records). */
  provenance: { verified: string[]; missing: string[] };
}

/**
 * VERIFY: the whole chain is always checked (an edit anywhere breaks it); artifacts are re-hashed for
 * `version`, or for every record when no version is given. Each problem names the record or artifact.
 */
export async function verifyReleases(input: { version?: string; package?: string }, ports: { registry: Registry; track?: (artifact: StoredArtifact, stream: ByteStream) => ByteStream }): Promise<VerifyResult> {
  const { registry } = ports;
  const chain = verifyChain(await registry.records(), await registry.head());
  const problems = [...chain.problems];
  const checked = chain.records.filter((r) => (input.version === undefined || r.record.version === input.version) && (input.package === undefined || r.record.package === input.package));
  if (input.version !== undefined && checked.length === 0) {
    problems.push({ code: "record-missing", where: input.version, message: `no record of version ${input.version} in ${registry.location}` });
  }
  let artifacts = 0;
  const provenance: VerifyResult["provenance"] = { verified: [], missing: [] };
  for (const { record, where } of checked) {
    for (const a of record.artifacts) {
      artifacts += 1;
      const track = ports.track;
      const measured = await registry.measureArtifact(recordKey(record), a, track ? (stream) => track(a, stream) : undefined);
      const at = `${recordKey(record)}/${a.name}`;
      if ("missing" in measured) problems.push({ code: "artifact-missing", where: at, message: `${measured.missing} (recorded in ${where})` });
      else if (measured.sha256 !== a.sha256 || measured.size !== a.size) {
        problems.push({ code: "artifact-altered", where: at, message: `stored content has sha256 ${measured.sha256} (${measured.size} bytes), the record says ${a.sha256} (${a.size} bytes)` });
      }
    }
    const key = recordKey(record);
    const problem = await provenanceProblem(registry, record);
    if (problem === "missing") provenance.missing.push(key);
    else if (problem === undefined) provenance.verified.push(key);
    else problems.push({ code: "provenance-invalid", where: `${key}/${PROVENANCE_ARTIFACT}`, message: `${problem} (recorded in ${where})` });
  }
  const locallyAsserted = checked.filter((r) => r.record.approval?.assurance === "local").map((r) => `${r.record.package ? `${r.record.package}@` : ""}${r.record.version}`);
  return { ok: problems.length === 0, checked, artifacts, problems, events: chain.events, locallyAsserted, provenance };
}

/** "missing" for a release without a statement, undefined when it matches the record, else what is wrong. */
async function provenanceProblem(registry: Registry, record: ReleaseRecord): Promise<string | "missing" | undefined> {
  let text: string | undefined;
  try {
    text = await readProvenance(registry, record);
  } catch (error) {
    return `the statement cannot be read: ${(error as Error).message}`;
  }
  if (text === undefined) return "missing";
  const check = checkProvenance(record, text);
  return check.ok ? undefined : check.problems.join("; ");
}
