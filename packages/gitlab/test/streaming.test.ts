import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyReleases } from "@relm/core";
import { gitlabPackageRegistryFactory } from "../src/index.ts";
import { startFakeGitlab, type FakeGitlab } from "../../../test/support/fake-gitlab/index.ts";
import { publishInChild } from "../../registry/test/support/publish-in-child.ts";

// The child publisher is @relm/registry's; this module adds the gitlab-package: scheme to it.
const gitlabBackend = new URL("../src/register-registry.ts", import.meta.url).href;
const MiB = 1024 * 1024;

let fake: FakeGitlab;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "relm-gl-stream-"));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const registryEnv = () => ({ CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" });

describe("gitlab-package: artifacts stream with constant memory", () => {
  it("streaming a 300 MiB artifact adds less than 32 MB to the publisher's peak RSS; GitLab gets it whole, with its length", async () => {
    fake = await startFakeGitlab();
    const run = await publishInChild("gitlab-package:memory", "1.0.0", 300, { warmupUrl: "gitlab-package:warmup", imports: [gitlabBackend], registryEnv: registryEnv() });
    expect(run.code, run.stderr).toBe(0);
    const big = run.summary?.artifacts.find((a) => a.name === "big.bin");
    expect(big?.size).toBe(300 * MiB);
    // Sent with a content-length (not chunked), once, and stored with the digest measured on the way.
    const puts = fake.requests.filter((r) => r.method === "PUT" && r.path === `/projects/42/packages/generic/memory/blobs/${big?.sha256}`);
    expect(puts).toMatchObject([{ status: 201, contentLength: String(300 * MiB) }]);
    expect(fake.state.spooledPackages.get(`memory/blobs/${big?.sha256}`)).toMatchObject({ size: 300 * MiB, sha256: big?.sha256 });
    // What streaming adds over the same publish of 1 MiB is the bound; the absolute figure is Node and relm's modules.
    const { maxRssKiB = Infinity, baselineKiB = 0 } = run.summary ?? {};
    expect(maxRssKiB - baselineKiB).toBeLessThan(32 * 1024);
    expect(maxRssKiB).toBeLessThan(160 * 1024);
  }, 240_000);
});

describe("a killed gitlab-package: publish", () => {
  it("is completed by the next run, and nothing half-written is visible meanwhile", async () => {
    fake = await startFakeGitlab();
    const url = "gitlab-package:killed";
    const env = { TMPDIR: dir };
    const killed = await publishInChild(url, "2.0.0", 96, { killAt: 32, imports: [gitlabBackend], registryEnv: registryEnv(), env });
    expect(killed.signal).toBe("SIGKILL");
    // Killed while spooling: its temp file is left behind, nothing reached GitLab but the small artifact.
    expect((await readdir(dir)).filter((d) => d.startsWith("relm-gl-blob-"))).toHaveLength(1);
    const registry = gitlabPackageRegistryFactory(url, { cwd: dir, env: registryEnv() });
    expect(await registry.records()).toEqual([]);
    expect(await registry.head()).toBeUndefined();
    const rerun = await publishInChild(url, "2.0.0", 96, { imports: [gitlabBackend], registryEnv: registryEnv(), env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.summary?.created).toBe(true);
    // The re-run removed its own spool file, and the killed run's (its process is gone).
    expect((await readdir(dir)).filter((d) => d.startsWith("relm-gl-blob-"))).toEqual([]);
    const report = await verifyReleases({}, { registry });
    expect(report.problems).toEqual([]);
    // Both artifacts and the release's provenance statement.
    expect(report.artifacts).toBe(3);
  }, 120_000);
});
