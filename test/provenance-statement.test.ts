// The provenance statement as a pure function of the release facts, and the check verify runs on it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkProvenance, provenanceStatement, provenanceStatementJsonSchema, publishRelease, statementText, verifyReleases, PROVENANCE_ARTIFACT, type ArtifactUpload, type ProvenanceFacts, type Registry } from "@relm/core";
import { openRegistry } from "@relm/registry";

const commit = "c".repeat(40);
const candidate = `sha256:${"d".repeat(64)}`;
const a = { name: "dist/app.tgz", sha256: "a".repeat(64) };
const b = { name: "README.md", sha256: "b".repeat(64) };
const facts = (over: Partial<ProvenanceFacts> = {}): ProvenanceFacts => ({
  project: "acme/shop",
  version: "1.2.0",
  tag: "v1.2.0",
  commit,
  environment: "production",
  candidate: { digest: candidate, value: {}, createdAt: "2026-03-01T09:00:00Z" },
  approval: { valid: true, assurance: "forge", evidence: [{ user: "alice", decision: "approved", at: "2026-03-01T10:00:00Z", source: "environment", comment: "ship it <script>", candidate }] },
  pipeline: { provider: "github", id: "77", url: "https://github.com/acme/shop/actions/runs/77" },
  ...over,
});
const record = (artifacts: { name: string; sha256: string }[]) => ({ version: "1.2.0", commit, candidate: { digest: candidate, value: {} }, artifacts: artifacts.map((x) => ({ ...x, size: 1, mediaType: "x" })) });

describe("provenanceStatement", () => {
  it("states the artifacts sorted, the source, the candidate, the approvals and the run", () => {
    const s = provenanceStatement(facts({ repository: "https://github.com/acme/shop", created: "2026-03-01T11:00:00Z" }), [a, b]);
    expect(s.subject.map((x) => x.name)).toEqual(["README.md", "dist/app.tgz"]);
    expect(s.predicate.buildDefinition.resolvedDependencies).toEqual([{ uri: "git+https://github.com/acme/shop@refs/tags/v1.2.0", digest: { gitCommit: commit } }]);
    expect(s.predicate.buildDefinition.externalParameters).toMatchObject({ repository: "https://github.com/acme/shop", commit, candidate, environment: "production" });
    // Who, what and where; never the approver's free text.
    expect(s.predicate.buildDefinition.internalParameters?.approvals?.evidence).toEqual([{ user: "alice", decision: "approved", at: "2026-03-01T10:00:00Z", source: "environment", candidate }]);
    expect(s.predicate.runDetails).toEqual({
      builder: { id: "https://github.com/acme/shop/actions/runs/77" },
      metadata: { invocationId: "https://github.com/acme/shop/actions/runs/77", startedOn: "2026-03-01T09:00:00Z", finishedOn: "2026-03-01T11:00:00Z" },
    });
  });

  it("names a GitLab pipeline as the builder, and relm-local outside CI; times only when the facts hold them", () => {
    const gitlab = provenanceStatement(facts({ pipeline: { provider: "gitlab", id: "9", url: "https://gitlab.example/acme/shop/-/pipelines/9" } }), [a]);
    expect(gitlab.predicate.runDetails.builder.id).toBe("https://gitlab.example/acme/shop/-/pipelines/9");
    const local = provenanceStatement(facts({ pipeline: { provider: "local" }, candidate: { digest: candidate, value: {} } }), [a]);
    expect(local.predicate.runDetails).toEqual({ builder: { id: "relm-local" } });
    expect(local.predicate.buildDefinition.resolvedDependencies[0]?.uri).toBe("git+acme/shop@refs/tags/v1.2.0");
  });

  it("is the same text for the same facts, whatever order the artifacts come in, and leaves itself out", () => {
    const once = statementText(provenanceStatement(facts(), [a, b]));
    expect(statementText(provenanceStatement(facts(), [b, { name: PROVENANCE_ARTIFACT, sha256: "e".repeat(64) }, a]))).toBe(once);
  });
});

it("the committed JSON Schema of the statement is the one relm checks with (`npm run schema` refreshes it)", () => {
  const committed: unknown = JSON.parse(readFileSync(new URL("../schema/provenance-statement.schema.json", import.meta.url), "utf8"));
  expect(committed).toEqual(provenanceStatementJsonSchema());
});

describe("checkProvenance", () => {
  const text = statementText(provenanceStatement(facts(), [a, b]));

  it("accepts the statement of its record", () => {
    expect(checkProvenance(record([a, b, { name: PROVENANCE_ARTIFACT, sha256: "e".repeat(64) }]), text).ok).toBe(true);
  });

  it("names each difference: a subject's digest, a missing or extra subject, the commit, the candidate", () => {
    const edited = record([{ ...a, sha256: "f".repeat(64) }, b]);
    expect(checkProvenance(edited, text)).toEqual({ ok: false, problems: [`subject dist/app.tgz has sha256 ${"a".repeat(64)}, the record says ${"f".repeat(64)}`] });
    expect(checkProvenance(record([a]), text)).toEqual({ ok: false, problems: ["subject README.md is not an artifact of the record"] });
    expect(checkProvenance(record([a, b, { name: "extra.bin", sha256: "0".repeat(64) }]), text)).toEqual({ ok: false, problems: ["artifact extra.bin is not a subject of the statement"] });
    const other = { ...record([a, b]), commit: "9".repeat(40), candidate: undefined };
    const problems = checkProvenance(other, text);
    expect(problems.ok).toBe(false);
    expect(!problems.ok && problems.problems).toEqual([`names commit ${commit}, the record says ${"9".repeat(40)}`, `no resolved dependency has gitCommit ${"9".repeat(40)}`, `names candidate ${candidate}, the record says (none)`]);
  });

  it("refuses what is not a SLSA provenance statement", () => {
    expect(checkProvenance(record([a]), "{not json")).toMatchObject({ ok: false });
    const other = checkProvenance(record([a]), text.replace("https://slsa.dev/provenance/v1", "https://example.com/other"));
    expect(!other.ok && other.problems[0]).toMatch(/^not an in-toto statement with a SLSA provenance v1 predicate: predicateType/);
  });
});

describe("verifyReleases and the statement", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const upload = (name: string, text: string): ArtifactUpload => ({ name, mediaType: "text/plain", open: async function* () { yield new TextEncoder().encode(text); } });

  it("fails a release whose stored statement hashes right but states other artifacts: only the content check sees it", async () => {
    dir = mkdtempSync(join(tmpdir(), "relm-provenance-"));
    const real = await openRegistry(`file:${dir}`, { cwd: dir, env: {} });
    // A publisher that swaps the statement for a forged one before it is hashed: the record names the forgery's digest.
    const forging: Registry = {
      ...real,
      location: real.location,
      putArtifact: (artifact) => (artifact.name === PROVENANCE_ARTIFACT ? real.putArtifact({ ...upload(PROVENANCE_ARTIFACT, statementText(provenanceStatement({ ...facts(), pipeline: { provider: "local" } }, [{ name: "app.txt", sha256: "0".repeat(64) }]))), mediaType: artifact.mediaType }) : real.putArtifact(artifact)),
    };
    const release = { project: "acme/shop", version: "1.2.0", tag: "v1.2.0", commit, range: { to: commit }, notes: "" };
    await publishRelease({ release, artifacts: [upload("app.txt", "app")], now: "2026-03-01T12:00:00Z" }, { registry: forging });
    const result = await verifyReleases({}, { registry: real });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(["provenance-invalid"]);
    expect(result.problems[0]?.where).toBe("1.2.0/provenance.intoto.json");
    expect(result.problems[0]?.message).toContain("subject app.txt has sha256 0000");
  });
});
