import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRelease, verifyReleases, type Registry } from "@relm/core";
import { openRegistry, RELEASE_ARTIFACT_TYPE } from "@relm/registry";
import { startOciRegistry, type RunningRegistry } from "./support/oci-registry.ts";
import { bytes, facts } from "./support/release-facts.ts";

const run = promisify(execFile);
let registry: RunningRegistry;
beforeAll(async () => {
  registry = await startOciRegistry();
}, 30_000);
afterAll(async () => {
  await registry?.stop();
});

// The lock settle time is the default (1 s) unless a test needs more: the lock is exclusive only while
// a request takes less than it (the assumption docs/registry.md states), and on a loaded 2-core CI
// machine a request to the local registry has once taken longer, failing the race test.
async function oci(repo: string, lockSettleMs = 1000): Promise<Registry> {
  return openRegistry(`oci://${registry.host}/${repo}`, { cwd: process.cwd(), env: {}, fetch, options: { insecure: true, lockSettleMs } });
}

const upload = (name: string, text: string) => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: bytes(text) });

describe("oci: backend against a real registry", () => {
  it("publishes an OCI artifact that skopeo reads with the same digests", async () => {
    const reg = await oci("demo/app");
    const result = await publishRelease({ release: facts("1.0.0"), artifacts: [upload("app.txt", "hello"), upload("docs/readme.md", "# hi\n")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    expect(result.created).toBe(true);
    const { stdout } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${registry.host}/demo/app:1.0.0`]);
    const manifest = JSON.parse(stdout) as { artifactType: string; layers: { digest: string; annotations: Record<string, string> }[] };
    expect(manifest.artifactType).toBe(RELEASE_ARTIFACT_TYPE);
    const byTitle = Object.fromEntries(manifest.layers.map((l) => [l.annotations["org.opencontainers.image.title"], l.digest]));
    for (const a of result.record.artifacts) expect(byTitle[a.name]).toBe(`sha256:${a.sha256}`);

    const out = await mkdtemp(join(tmpdir(), "relm-skopeo-"));
    try {
      await run("skopeo", ["copy", "--src-tls-verify=false", `docker://${registry.host}/demo/app:1.0.0`, `oci:${out}:1.0.0`]);
      const blobs = await readdir(join(out, "blobs", "sha256"));
      for (const a of result.record.artifacts) {
        expect(blobs).toContain(a.sha256);
        const { stdout: sum } = await run("sha256sum", [join(out, "blobs", "sha256", a.sha256)]);
        expect(sum.split(" ")[0]).toBe(a.sha256);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);

  it("re-publishing identical content is a no-op; other content is a conflict", async () => {
    const reg = await oci("demo/immutable");
    const first = await publishRelease({ release: facts("2.0.0"), artifacts: [upload("a.txt", "one")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    const again = await publishRelease({ release: facts("2.0.0"), artifacts: [upload("a.txt", "one")], now: "2026-01-03T00:00:00Z" }, { registry: reg });
    expect(again.created).toBe(false);
    expect(again.digest).toBe(first.digest);
    await expect(publishRelease({ release: facts("2.0.0"), artifacts: [upload("a.txt", "two")], now: "2026-01-03T00:00:00Z" }, { registry: reg })).rejects.toMatchObject({ code: "RELM_VERSION_CONFLICT", kind: "conflict" });
    expect((await verifyReleases({}, { registry: reg })).ok).toBe(true);
  }, 60_000);

  it("two publishers racing for one version: exactly one wins, the chain stays valid", async () => {
    const [a, b] = [await oci("demo/race", 3000), await oci("demo/race", 3000)];
    const results = await Promise.allSettled([
      publishRelease({ release: facts("3.0.0"), artifacts: [upload("x.txt", "from a")], now: "2026-01-02T00:00:00Z" }, { registry: a }),
      publishRelease({ release: facts("3.0.0"), artifacts: [upload("x.txt", "from b")], now: "2026-01-02T00:00:00Z" }, { registry: b }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: "RELM_VERSION_CONFLICT" });
    const report = await verifyReleases({}, { registry: a });
    expect(report.problems).toEqual([]);
    expect(report.checked).toHaveLength(1);
  }, 60_000);

  it("a byte edited in a stored artifact is named by verify", async () => {
    const reg = await oci("demo/tamper");
    const published = await publishRelease({ release: facts("4.0.0"), artifacts: [upload("t.txt", "original content")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    const sha = published.record.artifacts.find((a) => a.name === "t.txt")?.sha256 ?? "";
    const data = join(registry.storage, "docker/registry/v2/blobs/sha256", sha.slice(0, 2), sha, "data");
    const content = await readFile(data);
    content[0] = (content[0] ?? 0) ^ 1;
    await writeFile(data, content);
    const report = await verifyReleases({ version: "4.0.0" }, { registry: reg });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ code: "artifact-altered", where: "4.0.0/t.txt" })]);
  }, 60_000);

  it("a version tag re-pointed by another tool is named by verify", async () => {
    const reg = await oci("demo/repointed");
    await publishRelease({ release: facts("5.0.0"), artifacts: [upload("r.txt", "the real one")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    const other = await publishRelease({ release: facts("5.0.1"), artifacts: [upload("r.txt", "an impostor")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    // Another tool copies 5.0.1's manifest over the tag 5.0.0 (a registry without immutable tags lets it).
    const manifest = await (await fetch(`http://${registry.host}/v2/demo/repointed/manifests/5.0.1`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } })).text();
    const put = await fetch(`http://${registry.host}/v2/demo/repointed/manifests/5.0.0`, { method: "PUT", headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" }, body: manifest });
    expect(put.status).toBe(201);
    const report = await verifyReleases({}, { registry: reg });
    expect(report.ok).toBe(false);
    const codes = report.problems.map((p) => `${p.code} ${p.where}`);
    expect(codes).toContain(`record-misfiled oci://${registry.host}/demo/repointed:5.0.0`);
    expect(other.created).toBe(true);
  }, 60_000);

  it("a monorepo key with characters tags cannot hold is filed under a safe tag and read back as itself", async () => {
    const reg = await oci("demo/mono");
    const result = await publishRelease({ release: facts("1.0.0+build.5", { package: "@acme/web", tag: "@acme/web@1.0.0+build.5" }), artifacts: [upload("w.txt", "web")], now: "2026-01-02T00:00:00Z" }, { registry: reg });
    const { stdout } = await run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${registry.host}/demo/mono:_acme_web_1.0.0_build.5`]);
    expect((JSON.parse(stdout) as { annotations: Record<string, string> }).annotations["org.opencontainers.image.version"]).toBe("@acme/web@1.0.0+build.5");
    expect((await reg.records()).map((r) => r.version)).toEqual(["@acme/web@1.0.0+build.5"]);
    const report = await verifyReleases({ package: "@acme/web" }, { registry: reg });
    expect(report.problems).toEqual([]);
    expect(report.checked.map((c) => c.digest)).toEqual([result.digest]);
  }, 60_000);
});
