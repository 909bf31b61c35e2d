import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { publishRelease, verifyReleases, type ArtifactUpload, type ReleaseFacts } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { githubReleaseRegistry, registerGitHubReleaseBackend } from "../src/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor, commitA } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const artifact = (name: string, text: string): ArtifactUpload => ({ name, mediaType: "application/gzip", size: Buffer.byteLength(text), open: () => Readable.from([Buffer.from(text)]) });
const facts = (version: string): ReleaseFacts => ({ project: "octo-org/app", version, tag: `v${version}`, commit: commitA, range: { to: commitA }, notes: `notes ${version}` });

it("publishes artifacts, a record and a checksums file as assets of the registry release", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  const first = await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("dist/app.tgz", "app 1"), artifact("dist/cli.tgz", "cli 1")], now: "2026-03-01T12:00:00Z" }, { registry });
  expect(first.created).toBe(true);
  await publishRelease({ release: facts("1.1.0"), artifacts: [artifact("dist/app.tgz", "app 2"), artifact("dist/cli.tgz", "cli 1")], now: "2026-03-02T12:00:00Z" }, { registry });

  const store = fake.state.releases.find((r) => r.tag === "relm-registry");
  expect(store?.draft).toBe(true);
  const names = store?.assets.map((a) => a.name).sort() ?? [];
  // The unchanged cli.tgz is stored once.
  expect(names.filter((n) => n.startsWith("sha256-"))).toHaveLength(3);
  expect(names).toEqual(expect.arrayContaining(["record-1.0.0.json", "record-1.1.0.json", "SHA256SUMS-1.0.0.txt", "SHA256SUMS-1.1.0.txt", "head.json"]));
  const sums = store?.assets.find((a) => a.name === "SHA256SUMS-1.1.0.txt")?.data.toString("utf8");
  expect(sums).toMatch(/^[0-9a-f]{64} {2}dist\/app\.tgz\n[0-9a-f]{64} {2}dist\/cli\.tgz\n$/);
  expect(fake.state.refs.has("tags/relm-registry")).toBe(false);

  const verified = await verifyReleases({}, { registry });
  expect(verified.problems).toEqual([]);
  expect(verified.ok).toBe(true);
  expect(verified.checked.map((r) => r.record.version)).toEqual(["1.0.0", "1.1.0"]);
  expect(verified.artifacts).toBe(4);
});

it("re-publishing the same version with the same content is a no-op; other content is refused", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  const input = { release: facts("2.0.0"), artifacts: [artifact("app.tgz", "same")], now: "2026-03-01T12:00:00Z" };
  await publishRelease(input, { registry });
  const again = await publishRelease(input, { registry: githubReleaseRegistry(clientFor(fake)) });
  expect(again.created).toBe(false);
  const other = await publishRelease({ ...input, artifacts: [artifact("app.tgz", "different")] }, { registry }).catch((e: unknown) => e);
  expect((other as { code?: string }).code).toMatch(/^RELM_/);
  expect(fake.state.releases.find((r) => r.tag === "relm-registry")?.assets.filter((a) => a.name.startsWith("record-"))).toHaveLength(1);
});

it("retries an upload that failed with a 502 and is reachable through the github-release: URL", async () => {
  registerGitHubReleaseBackend();
  const registry = await openRegistry("github-release:", { cwd: ".", env: { GITHUB_TOKEN: fake.token, GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url }, fetch: globalThis.fetch });
  expect(registry.location).toBe("github-release:octo-org/app");
  fake.fault("POST /repos/{owner}/{repo}/releases/{release_id}/assets", { status: 502 });
  const result = await publishRelease({ release: facts("3.0.0"), artifacts: [artifact("app.tgz", "x")], now: "2026-03-01T12:00:00Z" }, { registry });
  expect(result.created).toBe(true);
  const stored = result.record.artifacts[0];
  expect(stored).toBeDefined();
  expect(await registry.measureArtifact("3.0.0", stored!)).toEqual({ size: 1, sha256: stored!.sha256 });
});
