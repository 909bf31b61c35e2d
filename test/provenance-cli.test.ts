// End to end: the in-toto statement (SLSA provenance v1) each publish stores in the file registry, and
// `relm verify` checking it, on a real git repository with a candidate and a CAB sign-off.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOciRegistry, type RunningRegistry } from "../packages/registry/test/support/oci-registry.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface Artifact {
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
}
interface Published {
  created: boolean;
  digest: string;
  record: { version: string; commit: string; artifacts: Artifact[]; candidate?: { digest: string } };
}
interface Statement {
  _type: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: Record<string, string>;
      internalParameters?: { approvals?: { valid: boolean; assurance?: string; evidence: { user: string; decision: string; candidate?: string }[] } };
      resolvedDependencies: { uri: string; digest: Record<string, string> }[];
    };
    runDetails: { builder: { id: string }; metadata?: Record<string, string> };
  };
}

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const blobs = (r: GitFixture) => join(r.dir, ".relm", "registry", "blobs", "sha256");
const statementOf = (r: GitFixture, record: Published["record"]) => {
  const artifact = record.artifacts.find((a) => a.name === "provenance.intoto.json");
  if (!artifact) throw new Error(`no statement among ${record.artifacts.map((a) => a.name).join(", ")}`);
  return { artifact, text: readFileSync(join(blobs(r), artifact.sha256), "utf8") };
};

/** Plans a candidate, has alice approve it, tags it, and publishes two files: the release a CAB signed. */
function signedRelease(): { r: GitFixture; candidate: string; published: Published } {
  const r = createGitFixture();
  repo = r;
  r.commit("chore: start", { files: { ".relm.yml": "project: shop\napproval:\n  quorum: 1\n  users: [alice, carol]\n", ".gitignore": ".relm/\n" } });
  r.tag("v0.3.0", { message: "0.3.0" });
  r.commit("feat: a new thing", { files: { "a.txt": "a" } });
  expect(runRelm(["plan", "--cwd", r.dir, "--candidate", join(r.dir, "candidate.json")]).code).toBe(0);
  const candidate = (JSON.parse(readFileSync(join(r.dir, "candidate.json"), "utf8")) as { digest: string }).digest;
  const approval = runRelm(["approve", "--cwd", r.dir, "--candidate", "candidate.json", "--approve", "alice", "--json"]);
  expect(approval.code, approval.stderr).toBe(0);
  writeFileSync(join(r.dir, "approval.json"), approval.stdout);
  expect(runRelm(["tag", "--cwd", r.dir, "--candidate", "candidate.json", "--approvals", "approval.json"]).code).toBe(0);
  writeFileSync(join(r.dir, "app.txt"), "app\n");
  writeFileSync(join(r.dir, "lib.txt"), "lib\n");
  const run = runRelmJson<Published>(["publish", "--cwd", r.dir, "--candidate", candidate, "--approvals", "approval.json", "--env", "production", "app.txt", "lib.txt"]);
  expect(run.code, run.stderr).toBe(0);
  return { r, candidate, published: run.json };
}

describe("provenance: the in-toto statement of each publish", () => {
  it("names the artifacts' digests, the commit, the candidate, the approvals and the builder; verify checks it", () => {
    const { r, candidate, published } = signedRelease();
    const { record } = published;
    expect(record.artifacts.map((a) => a.name)).toEqual(["app.txt", "lib.txt", "provenance.intoto.json"]);
    const { artifact, text } = statementOf(r, record);
    expect(artifact.mediaType).toBe("application/vnd.in-toto+json");
    expect(sha256(text)).toBe(artifact.sha256);
    const statement = JSON.parse(text) as Statement;
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://slsa.dev/provenance/v1");
    // The statement never names itself.
    expect(statement.subject).toEqual([
      { name: "app.txt", digest: { sha256: sha256("app\n") } },
      { name: "lib.txt", digest: { sha256: sha256("lib\n") } },
    ]);
    const build = statement.predicate.buildDefinition;
    expect(build.buildType).toBe("https://relm.dev/provenance/publish/v1");
    expect(build.externalParameters).toEqual({ repository: "shop", ref: "refs/tags/v0.4.0", commit: r.head(), version: "0.4.0", candidate, environment: "production" });
    expect(build.resolvedDependencies).toEqual([{ uri: "git+shop@refs/tags/v0.4.0", digest: { gitCommit: r.head() } }]);
    expect(build.internalParameters?.approvals).toMatchObject({ valid: true, assurance: "local", evidence: [{ user: "alice", decision: "approved", candidate }] });
    expect(statement.predicate.runDetails.builder.id).toBe("relm-local");
    // Stored as canonical JSON, so the same facts give the same bytes.
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);

    const verify = runRelm(["verify", "--cwd", r.dir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("provenance: the statements of 0.4.0 match their records");
    const json = runRelmJson<{ ok: boolean; provenance: { verified: string[]; missing: string[] } }>(["verify", "--cwd", r.dir]);
    expect(json.json.provenance).toEqual({ verified: ["0.4.0"], missing: [] });
  });

  it("a re-run publish writes the identical statement: the same record, no second blob", () => {
    const { r, candidate, published } = signedRelease();
    const before = readdirSync(blobs(r)).sort();
    const again = runRelmJson<Published>(["publish", "--cwd", r.dir, "--candidate", candidate, "--approvals", "approval.json", "--env", "production", "app.txt", "lib.txt"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.created).toBe(false);
    expect(again.json.digest).toBe(published.digest);
    expect(readdirSync(blobs(r)).sort()).toEqual(before);
  });

  it("a release without a statement is reported as no provenance, and verify passes", () => {
    const r = createGitFixture();
    repo = r;
    r.commit("feat: first", { files: { "a.txt": "1", ".gitignore": ".relm/\n" } });
    // A release of no artifacts has nothing to state: its record holds no statement, as the records of earlier relm versions do.
    const bare = runRelm(["release", "--cwd", r.dir]);
    expect(bare.code, bare.stderr).toBe(0);
    r.commit("feat: second", { files: { "b.txt": "1" } });
    writeFileSync(join(r.dir, "app.txt"), "app\n");
    expect(runRelm(["publish", "--cwd", r.dir, "app.txt"]).code).toBe(0);
    const verify = runRelm(["verify", "--cwd", r.dir]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("provenance: the statements of 1.1.0 match their records");
    expect(verify.stdout).toContain("no provenance: 1.0.0");
  });

  it("a statement whose subject digest was edited fails verify, naming the release", () => {
    const { r, published } = signedRelease();
    const { artifact, text } = statementOf(r, published.record);
    const forged = text.replace(sha256("app\n"), sha256("a backdoored app\n"));
    expect(forged).not.toBe(text);
    writeFileSync(join(blobs(r), artifact.sha256), forged);
    const verify = runRelm(["verify", "--cwd", r.dir]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain("0.4.0/provenance.intoto.json: artifact-altered");
    expect(verify.stderr).toContain(`0.4.0/provenance.intoto.json: provenance-invalid: subject app.txt has sha256 ${sha256("a backdoored app\n")}, the record says ${sha256("app\n")}`);
  });

  it("refuses an artifact named like the statement", () => {
    const r = createGitFixture();
    repo = r;
    r.commit("feat: first", { files: { "a.txt": "1", ".gitignore": ".relm/\n" } });
    writeFileSync(join(r.dir, "provenance.intoto.json"), "{}");
    const run = runRelm(["publish", "--cwd", r.dir, "provenance.intoto.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_ARTIFACT_RESERVED");
  });
});

describe("provenance on an OCI registry", () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startOciRegistry();
  }, 30_000);
  afterAll(async () => {
    await registry?.stop();
  });

  it("stores the statement as an in-toto layer skopeo reads, fetches it, and verify names an edited one", () => {
    const r = createGitFixture();
    repo = r;
    r.commit("feat: first feature", { files: { "src/a.ts": "1", ".gitignore": ".relm/\nout/\n" } });
    writeFileSync(join(r.dir, ".relm.yml"), `project: widgets\nregistry:\n  url: oci://${registry.host}/acme/provenance\n  insecure: true\n  lockSettleMs: 200\n`);
    mkdirSync(join(r.dir, "dist"));
    writeFileSync(join(r.dir, "dist", "widgets.tgz"), "pretend this is a tarball");
    const published = runRelmJson<Published>(["publish", "widgets.tgz", "--dir", "dist"], { cwd: r.dir });
    expect(published.code, published.stderr).toBe(0);
    const recorded = published.json.record.artifacts.find((a) => a.name === "provenance.intoto.json");

    const raw = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${registry.host}/acme/provenance:1.0.0`], { encoding: "utf8" })) as {
      layers: { digest: string; mediaType: string; annotations: Record<string, string> }[];
    };
    const layer = raw.layers.find((l) => l.annotations["org.opencontainers.image.title"] === "provenance.intoto.json");
    expect(layer).toMatchObject({ digest: `sha256:${recorded?.sha256}`, mediaType: "application/vnd.in-toto+json" });

    expect(runRelm(["fetch", "1.0.0", "--out", "out"], { cwd: r.dir }).code).toBe(0);
    const statement = JSON.parse(readFileSync(join(r.dir, "out", "provenance.intoto.json"), "utf8")) as Statement;
    expect(statement.subject).toEqual([{ name: "widgets.tgz", digest: { sha256: sha256("pretend this is a tarball") } }]);
    expect(statement.predicate.buildDefinition.externalParameters.commit).toBe(r.head());
    const verify = runRelm(["verify"], { cwd: r.dir });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain("provenance: the statements of 1.0.0 match their records");

    const hex = recorded?.sha256 ?? "";
    const data = join(registry.storage, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
    writeFileSync(data, readFileSync(data, "utf8").replace(r.head(), "0".repeat(40)));
    const tampered = runRelm(["verify"], { cwd: r.dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`1.0.0/provenance.intoto.json: provenance-invalid: names commit ${"0".repeat(40)}, the record says ${r.head()}`);
  }, 120_000);
});
