// End to end: `relm publish / list / verify / fetch / rollback` on the file registry in a real git repository.
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface Published {
  created: boolean;
  digest: string;
  record: { version: string; tag: string; commit: string; artifacts: { name: string; sha256: string; size: number }[]; chain: { sequence: number; previous: string | null } };
}

describe("relm publish and the file registry", () => {
  let repo: GitFixture;
  const approvals = (valid: boolean) => JSON.stringify({ evidence: [{ user: "carol", decision: "approved", at: "2026-01-01T00:00:00Z", source: "cli" }], verdict: { valid } });
  const decision = (allowed: boolean) => JSON.stringify({ allowed, policy: { file: ".relm.yml", revision: "abc123" }, violations: [] });

  function release(version: string, opts: { allowed?: boolean; valid?: boolean; content?: string } = {}): ReturnType<typeof runRelmJson<Published>> {
    writeFileSync(join(repo.dir, "dist", "app.txt"), opts.content ?? `app ${version}`);
    writeFileSync(join(repo.dir, "decision.json"), decision(opts.allowed ?? true));
    writeFileSync(join(repo.dir, "approvals.json"), approvals(opts.valid ?? true));
    return runRelmJson<Published>(["publish", "dist/app.txt", "dist/sub/notes.md", "--version", version, "--env", "production", "--decision", "decision.json", "--approvals", "approvals.json"], { cwd: repo.dir });
  }

  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first feature", { files: { "src/a.ts": "1", ".gitignore": ".relm/\n" } });
    mkdirSync(join(repo.dir, "dist", "sub"), { recursive: true });
    writeFileSync(join(repo.dir, "dist", "sub", "notes.md"), "# notes\n");
    writeFileSync(join(repo.dir, "dist", "app.txt"), "app 0.1.0");
  });
  afterAll(() => repo.cleanup());

  it("publishes from the plan, links records in a chain, and is a no-op when re-run", () => {
    const first = runRelmJson<Published>(["publish", "dist/app.txt", "--env", "production"], { cwd: repo.dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.json.record.version).toBe("1.0.0");
    expect(first.json.record.commit).toBe(repo.head());
    expect(first.json.record.chain).toEqual({ sequence: 1, previous: null });
    const again = runRelmJson<Published>(["publish", "dist/app.txt", "--env", "production"], { cwd: repo.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json.created).toBe(false);
    expect(again.json.digest).toBe(first.json.digest);

    const second = release("1.1.0");
    expect(second.code, second.stderr).toBe(0);
    expect(second.json.record.chain).toEqual({ sequence: 2, previous: first.json.digest });
    expect(second.json.record.artifacts.map((a) => a.name)).toEqual(["dist/app.txt", "dist/sub/notes.md", "provenance.intoto.json"]);
  });

  it("after `git tag`, publishes the version tagged on HEAD, reading gate and approve JSON as they print it", () => {
    const tagged = createGitFixture();
    try {
      tagged.commit("feat: something", { files: { "a.txt": "1" } });
      tagged.tag("v3.1.4", { message: "v3.1.4" });
      writeFileSync(join(tagged.dir, "a.txt"), "artifact");
      const run = runRelmJson<Published>(["publish", "a.txt"], { cwd: tagged.dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.json.record).toMatchObject({ version: "3.1.4", tag: "v3.1.4", commit: tagged.head() });

      // The outputs of `relm gate --json` and `relm approve --json` (no sign-off required) as they come.
      writeFileSync(join(tagged.dir, "gate.json"), JSON.stringify({ allowed: true, environment: "staging", violations: [], policy: { file: ".relm.yml", revision: "f00d" } }));
      writeFileSync(join(tagged.dir, "approve.json"), JSON.stringify({ required: false, environment: "staging", message: "no sign-off needed" }));
      writeFileSync(join(tagged.dir, "a.txt"), "artifact 2");
      tagged.commit("fix: something", { files: { "b.txt": "1" } });
      tagged.tag("v3.1.5", { message: "v3.1.5" });
      const judged = runRelmJson<Published & { record: { environment?: string; gate?: { policyRevision?: string }; approval?: { valid: boolean } } }>(["publish", "a.txt", "--decision", "gate.json", "--approvals", "approve.json"], { cwd: tagged.dir });
      expect(judged.code, judged.stderr).toBe(0);
      expect(judged.json.record).toMatchObject({ version: "3.1.5", environment: "staging", gate: { allowed: true, policyRevision: "f00d" }, });
      // No sign-off was required, so none is recorded (a file's verdict is never copied into the record).
      expect(judged.json.record.approval).toBeUndefined();
    } finally {
      tagged.cleanup();
    }
  });

  it("refuses the same version with other content (exit 1, conflict)", () => {
    writeFileSync(join(repo.dir, "dist", "app.txt"), "something else");
    const conflict = runRelm(["publish", "dist/app.txt", "dist/sub/notes.md", "--version", "1.1.0"], { cwd: repo.dir });
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain("RELM_VERSION_CONFLICT");
    expect(conflict.stderr).toContain("dist/app.txt: published sha256");
  });

  it("refuses names that climb out, absolute paths and links leading out of --dir", () => {
    writeFileSync(join(repo.dir, "outside.txt"), "secret");
    symlinkSync(join(repo.dir, "outside.txt"), join(repo.dir, "dist", "link.txt"));
    for (const name of ["../outside.txt", join(repo.dir, "outside.txt"), "link.txt"]) {
      const run = runRelm(["publish", name, "--dir", "dist", "--version", "9.9.9"], { cwd: repo.dir });
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toContain("RELM_ARTIFACT_OUTSIDE");
    }
  });

  it("lists, fetches with digests checked, and picks the rollback target that passed gate and approval", () => {
    expect(release("1.2.0", { allowed: false }).code).toBe(0);
    expect(release("1.3.0").code).toBe(0);
    const list = runRelm(["list"], { cwd: repo.dir });
    expect(list.stdout.split("\n").filter(Boolean).map((l) => l.trim().split(/\s+/)[1])).toEqual(["1.0.0", "1.1.0", "1.2.0", "1.3.0"]);
    const rollback = runRelmJson<{ current: string; target: string }>(["rollback", "--env", "production"], { cwd: repo.dir });
    expect(rollback.json).toMatchObject({ current: "1.3.0", target: "1.1.0" });
    const fetched = runRelm(["fetch", "1.1.0", "--out", "out"], { cwd: repo.dir });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, "out", "dist", "app.txt"), "utf8")).toBe("app 1.1.0");
    expect(runRelm(["verify"], { cwd: repo.dir }).code).toBe(0);
  });

  it("names an edited artifact byte and an edited record byte", () => {
    const blobs = join(repo.dir, ".relm", "registry", "blobs", "sha256");
    const record = JSON.parse(readFileSync(join(repo.dir, ".relm", "registry", "records", "1.1.0.json"), "utf8")) as Published["record"];
    const notesBlob = join(blobs, record.artifacts[0]?.sha256 ?? "");
    const original = readFileSync(notesBlob);
    const edited = Buffer.from(original);
    edited[0] = (edited[0] ?? 0) ^ 1;
    writeFileSync(notesBlob, edited);
    const artifact = runRelm(["verify", "1.1.0"], { cwd: repo.dir });
    expect(artifact.code).toBe(1);
    expect(artifact.stderr).toContain("1.1.0/dist/app.txt: artifact-altered");
    writeFileSync(notesBlob, original);

    const file = join(repo.dir, ".relm", "registry", "records", "1.2.0.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"allowed":false', '"allowed":true '));
    const chain = runRelm(["verify"], { cwd: repo.dir });
    expect(chain.code).toBe(1);
    expect(chain.stderr).toContain("records/1.2.0.json");
    expect(readdirSync(join(repo.dir, ".relm", "registry", "records"))).toHaveLength(4);
  });
});
