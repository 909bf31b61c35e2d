// End to end: the real `relm` CLI publishing to a real OCI registry (Debian's docker-registry).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOciRegistry, type RunningRegistry } from "../packages/registry/test/support/oci-registry.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface Published {
  created: boolean;
  digest: string;
  record: { version: string; artifacts: { name: string; sha256: string; size: number }[] };
}

describe("relm publish / verify / fetch against an OCI registry", () => {
  let registry: RunningRegistry;
  let repo: GitFixture;
  beforeAll(async () => {
    registry = await startOciRegistry();
    repo = createGitFixture();
    repo.commit("feat: first feature", { files: { "src/a.ts": "1", ".gitignore": ".relm/\nout/\n" } });
    writeFileSync(join(repo.dir, ".relm.yml"), `project: widgets\nregistry:\n  url: oci://${registry.host}/acme/widgets\n  insecure: true\n  lockSettleMs: 200\n`);
    mkdirSync(join(repo.dir, "dist"));
    writeFileSync(join(repo.dir, "dist", "widgets.tgz"), "pretend this is a tarball");
    writeFileSync(join(repo.dir, "dist", "SHA256SUMS"), "checksums");
  }, 30_000);
  afterAll(async () => {
    repo?.cleanup();
    await registry?.stop();
  });

  it("publishes an artifact skopeo reads, verifies, fetches, and names a tampered record", () => {
    const published = runRelmJson<Published>(["publish", "widgets.tgz", "SHA256SUMS", "--dir", "dist", "--env", "production"], { cwd: repo.dir });
    expect(published.code, published.stderr).toBe(0);
    expect(published.json.record.version).toBe("1.0.0");

    const raw = JSON.parse(execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${registry.host}/acme/widgets:1.0.0`], { encoding: "utf8" })) as {
      layers: { digest: string; mediaType: string; annotations: Record<string, string> }[];
    };
    const tgz = raw.layers.find((l) => l.annotations["org.opencontainers.image.title"] === "widgets.tgz");
    expect(tgz?.digest).toBe(`sha256:${published.json.record.artifacts.find((a) => a.name === "widgets.tgz")?.sha256}`);

    expect(runRelm(["verify", "1.0.0"], { cwd: repo.dir }).code).toBe(0);
    const fetched = runRelm(["fetch", "1.0.0", "--out", "out"], { cwd: repo.dir });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(readFileSync(join(repo.dir, "out", "widgets.tgz"), "utf8")).toBe("pretend this is a tarball");
    expect(runRelm(["list"], { cwd: repo.dir }).stdout).toMatch(/^\s+1 {2}1\.0\.0 {2}v1\.0\.0 /m);

    const record = raw.layers.find((l) => l.mediaType === "application/vnd.relm.release.record.v1+json");
    const hex = record?.digest.slice("sha256:".length) ?? "";
    const data = join(registry.storage, "docker/registry/v2/blobs/sha256", hex.slice(0, 2), hex, "data");
    writeFileSync(data, readFileSync(data, "utf8").replace('"project":"widgets"', '"project":"gadgets"'));
    const tampered = runRelm(["verify"], { cwd: repo.dir });
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`oci://${registry.host}/acme/widgets:1.0.0: record-edited`);
  }, 120_000);
  it("a registry URL with credentials in it: they are used, and no output, error or record shows them", () => {
    const secret = "s3cr3t-T0ken";
    const url = `oci://relm-bot:${secret}@${registry.host}/acme/secrets`;
    const runs = [
      runRelm(["publish", "widgets.tgz", "--dir", "dist", "--registry", url, "--json"], { cwd: repo.dir }),
      runRelm(["verify", "--registry", url], { cwd: repo.dir }),
      runRelm(["list", "--registry", url, "--json"], { cwd: repo.dir }),
    ];
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    expect(runs[1]?.stdout).toContain(`oci://${registry.host}/acme/secrets`);
    const refused = runRelm(["verify", "--registry", `oci://relm-bot:${secret}@127.0.0.1:1/acme/secrets`], { cwd: repo.dir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("127.0.0.1:1");
    expect(refused.stdout + refused.stderr).not.toContain(secret);
    const bad = runRelm(["verify", "--registry", `oci://relm-bot:${secret}@${registry.host}/Not Valid`], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain(secret);

    writeFileSync(join(repo.dir, ".relm.yml"), `project: widgets\nregistry:\n  url: ${url}\n  insecure: true\n`);
    const check = runRelm(["policy", "check"], { cwd: repo.dir });
    expect(check.code).toBe(0);
    expect(check.stderr).toContain(".relm.yml:3 registry.url: the URL carries credentials");
    expect(check.stdout + check.stderr).not.toContain(secret);
    writeFileSync(join(repo.dir, ".relm.yml"), "project: widgets\nregistry:\n  url: s3://bucket/releases\n");
    const wrong = runRelm(["policy", "check"], { cwd: repo.dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(".relm.yml:3 registry.url");
    writeFileSync(join(repo.dir, ".relm.yml"), `project: widgets\nregistry:\n  url: oci://${registry.host}/acme/widgets\n  insecure: true\n  lockSettleMs: 200\n`);
  }, 120_000);
});
