import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyReleases } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { startOciRegistry, type RunningRegistry } from "./support/oci-registry.ts";
import { publishInChild } from "./support/publish-in-child.ts";

let registry: RunningRegistry;
let dir: string;
beforeAll(async () => {
  registry = await startOciRegistry();
  dir = await mkdtemp(join(tmpdir(), "relm-stream-"));
}, 30_000);
afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("artifacts stream with constant memory", () => {
  for (const backend of ["oci", "file"] as const) {
    it(`${backend}: streaming a 300 MiB artifact adds less than 32 MB to the publisher's peak RSS`, async () => {
      const url = backend === "oci" ? `oci://${registry.host}/memory/app` : `file:${join(dir, "memory")}`;
      const warmup = backend === "oci" ? `oci://${registry.host}/memory/warmup` : `file:${join(dir, "warmup")}`;
      const run = await publishInChild(url, "1.0.0", 300, { warmupUrl: warmup });
      expect(run.code, run.stderr).toBe(0);
      expect(run.summary?.artifacts.find((a) => a.name === "big.bin")?.size).toBe(300 * 1024 * 1024);
      // The absolute figure is Node 24 + type stripping + relm's modules (~105 MB, see docs/registry.md)
      // plus streaming; the bound that must hold for any file size is what streaming adds.
      const { maxRssKiB = Infinity, baselineKiB = 0 } = run.summary ?? {};
      expect(maxRssKiB - baselineKiB).toBeLessThan(32 * 1024);
      expect(maxRssKiB).toBeLessThan(160 * 1024);
    }, 240_000);
  }
});

describe("a killed publish", () => {
  for (const backend of ["oci", "file"] as const) {
    it(`${backend}: is completed by the next run, and nothing half-written is visible meanwhile`, async () => {
      const url = backend === "oci" ? `oci://${registry.host}/killed/app` : `file:${join(dir, "killed")}`;
      const killed = await publishInChild(url, "2.0.0", 96, { killAt: 32 });
      expect(killed.signal).toBe("SIGKILL");
      const reg = await openRegistry(url, { cwd: dir, env: {}, fetch, options: { insecure: true } });
      expect(await reg.records()).toEqual([]);
      const rerun = await publishInChild(url, "2.0.0", 96);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.summary?.created).toBe(true);
      const report = await verifyReleases({}, { registry: reg });
      expect(report.problems).toEqual([]);
      // The artifact and the release's provenance statement.
      expect(report.artifacts).toBe(2 + 1);
      // The killed run's half-written blob went with the next run.
      if (backend === "file") expect(await readdir(join(dir, "killed", "tmp"))).toEqual([]);
    }, 240_000);
  }
});

describe("two publisher processes racing for one version", () => {
  for (const backend of ["oci", "file"] as const) {
    it(`${backend}: exactly one wins, the other gets a conflict, the registry verifies`, async () => {
      const url = backend === "oci" ? `oci://${registry.host}/race/app` : `file:${join(dir, "race")}`;
      // Different sizes, so different content for the same version.
      const runs = await Promise.all([publishInChild(url, "3.0.0", 8), publishInChild(url, "3.0.0", 9)]);
      expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
      const loser = runs.find((r) => r.code !== 0);
      expect(loser?.stderr).toContain("RELM_VERSION_CONFLICT");
      const winner = runs.find((r) => r.code === 0)?.summary;
      const reg = await openRegistry(url, { cwd: dir, env: {}, fetch, options: { insecure: true } });
      const report = await verifyReleases({}, { registry: reg });
      expect(report.problems).toEqual([]);
      expect(report.checked.map((c) => c.digest)).toEqual([winner?.digest]);
    }, 120_000);
  }
});

describe("the registry server crashing mid-publish", () => {
  it("oci: the publish fails with a clear error and no record; once the server is back, the re-run completes it and it verifies", async () => {
    const own = await startOciRegistry();
    try {
      const url = `oci://${own.host}/crash/app`;
      let crashed: Promise<void> | undefined;
      const failed = await publishInChild(url, "4.0.0", 96, { when: { mib: 32, then: () => (crashed = own.crash()) } });
      await crashed;
      expect(failed.code).toBe(1);
      // relm's own error, retried and named (the child prints it as thrown; the CLI adds the registry's origin).
      expect(failed.stderr).toContain("RELM_OCI_UNREACHABLE");
      expect(failed.stderr).toMatch(/failed \d+ time\(s\)/);
      await own.restart();
      const reg = await openRegistry(url, { cwd: dir, env: {}, fetch, options: { insecure: true } });
      expect(await reg.records()).toEqual([]);
      const rerun = await publishInChild(url, "4.0.0", 96);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.summary?.created).toBe(true);
      const report = await verifyReleases({}, { registry: reg });
      expect(report.problems).toEqual([]);
      expect(report.checked.map((c) => c.record.version)).toEqual(["4.0.0"]);
    } finally {
      await own.stop();
    }
  }, 240_000);
});
