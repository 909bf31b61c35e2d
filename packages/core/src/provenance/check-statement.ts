import type { ReleaseRecord } from "../record/release-record-schema.ts";
import { PROVENANCE_ARTIFACT, provenanceStatementSchema, type ProvenanceStatement } from "./statement-schema.ts";

export type StatementCheck = { ok: true; statement: ProvenanceStatement } | { ok: false; problems: string[] };

/**
 * Checks a stored statement against its release record: it parses as an in-toto Statement v1 with a
 * SLSA provenance v1 predicate, its subjects are exactly the record's other artifacts (names and
 * sha256), and it names the record's commit and candidate digest. Each problem says what differs.
 */
export function checkProvenance(record: Pick<ReleaseRecord, "artifacts" | "commit" | "candidate" | "version">, text: string): StatementCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${(error as Error).message}`] };
  }
  const parsed = provenanceStatementSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, problems: [`not an in-toto statement with a SLSA provenance v1 predicate: ${first?.path.join(".") || "(statement)"}: ${first?.message ?? "invalid"}`] };
  }
  const statement = parsed.data;
  const problems: string[] = [];
  const recorded = new Map(record.artifacts.filter((a) => a.name !== PROVENANCE_ARTIFACT).map((a) => [a.name, a.sha256]));
  const subjects = new Map<string, string>();
  for (const s of statement.subject) {
    if (subjects.has(s.name)) problems.push(`subject ${s.name} is named twice`);
    subjects.set(s.name, s.digest.sha256);
  }
  for (const [name, sha256] of subjects) {
    const want = recorded.get(name);
    if (want === undefined) problems.push(`subject ${name} is not an artifact of the record`);
    else if (want !== sha256) problems.push(`subject ${name} has sha256 ${sha256}, the record says ${want}`);
  }
  for (const name of recorded.keys()) if (!subjects.has(name)) problems.push(`artifact ${name} is not a subject of the statement`);
  const build = statement.predicate.buildDefinition;
  if (build.externalParameters.commit !== record.commit) problems.push(`names commit ${build.externalParameters.commit}, the record says ${record.commit}`);
  const commits = build.resolvedDependencies.map((d) => d.digest.gitCommit).filter((c) => c !== undefined);
  if (!commits.includes(record.commit)) problems.push(`no resolved dependency has gitCommit ${record.commit}`);
  if (build.externalParameters.version !== record.version) problems.push(`names version ${build.externalParameters.version}, the record says ${record.version}`);
  const candidate = build.externalParameters.candidate;
  if (candidate !== record.candidate?.digest) problems.push(`names candidate ${candidate ?? "(none)"}, the record says ${record.candidate?.digest ?? "(none)"}`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, statement };
}
