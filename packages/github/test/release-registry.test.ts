import { Readable } from "node:stream";
import { afterEach, beforeEach, expect, it } from "vitest";
import { publishRelease, verifyReleases, type ArtifactUpload, type ReleaseFacts } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { githubReleaseRegistry, registerGitHubReleaseBackend } from "../src/index.ts";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
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
  // The unchanged cli.tgz is stored once; each release adds its provenance statement.
  expect(names.filter((n) => n.startsWith("sha256-"))).toHaveLength(5);
  expect(names).toEqual(expect.arrayContaining(["record-1.0.0.json", "record-1.1.0.json", "SHA256SUMS-1.0.0.txt", "SHA256SUMS-1.1.0.txt", "head-000000002.json"]));
  const sums = store?.assets.find((a) => a.name === "SHA256SUMS-1.1.0.txt")?.data.toString("utf8");
  expect(sums).toMatch(/^[0-9a-f]{64} {2}dist\/app\.tgz\n[0-9a-f]{64} {2}dist\/cli\.tgz\n[0-9a-f]{64} {2}provenance\.intoto\.json\n$/);
  expect(fake.state.refs.has("tags/relm-registry")).toBe(false);

  const verified = await verifyReleases({}, { registry });
  expect(verified.problems).toEqual([]);
  expect(verified.ok).toBe(true);
  expect(verified.checked.map((r) => r.record.version)).toEqual(["1.0.0", "1.1.0"]);
  // Two artifacts and a provenance statement per release, each statement checked against its record.
  expect(verified.artifacts).toBe(6);
  expect(verified.provenance).toEqual({ verified: ["1.0.0", "1.1.0"], missing: [] });
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

const store = () => fake.state.releases.find((r) => r.tag === "relm-registry");
const heads = () => (store()?.assets ?? []).filter((a) => /^head/.test(a.name)).map((a) => a.name);

it("writes the checksums file before the record, and the record before the head", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("app.tgz", "a")], now: "2026-03-01T12:00:00Z" }, { registry });
  const uploads = fake.requests.filter((r) => r.endpoint === "POST /repos/{owner}/{repo}/releases/{release_id}/assets").map((r) => r.query.name ?? "");
  expect(uploads.map((n) => n.replace(/^sha256-.*/, "blob").replace(/^head.*/, "head"))).toEqual(["blob", "blob", "SHA256SUMS-1.0.0.txt", "record-1.0.0.json", "head"]);
});

it("a publish cut off while moving the head is finished by the re-run, and the chain stays verifiable", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  for (const v of ["1.0.0", "1.1.0"]) await publishRelease({ release: facts(v), artifacts: [artifact("app.tgz", v)], now: "2026-03-01T12:00:00Z" }, { registry });
  const head = { status: 502, query: { name: /^head/ } };
  fake.fault("POST /repos/{owner}/{repo}/releases/{release_id}/assets", head, head, head);
  const input = { release: facts("1.2.0"), artifacts: [artifact("app.tgz", "1.2.0")], now: "2026-03-02T12:00:00Z" };
  const failed = await publishRelease(input, { registry: githubReleaseRegistry(clientFor(fake)) }).catch((e: unknown) => e);
  expect((failed as { code?: string }).code).toBe("RELM_GITHUB_REQUEST");
  // The old head is still there: a reader sees the chain as it was, one record behind.
  expect(heads()).toHaveLength(1);

  const rerun = await publishRelease(input, { registry: githubReleaseRegistry(clientFor(fake)) });
  expect(rerun.record.version).toBe("1.2.0");
  expect(heads()).toHaveLength(1);
  const verified = await verifyReleases({}, { registry: githubReleaseRegistry(clientFor(fake)) });
  expect(verified.problems).toEqual([]);
  expect(verified.checked.map((r) => r.record.version)).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
  expect(store()?.assets.filter((a) => a.name === "record-1.2.0.json")).toHaveLength(1);
  expect(store()?.assets.some((a) => a.name === "SHA256SUMS-1.2.0.txt")).toBe(true);
});

it("a record upload whose answer was lost (it landed, then 502) counts as written, and the head moves", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  fake.fault("POST /repos/{owner}/{repo}/releases/{release_id}/assets", { status: 502, afterApplying: true, query: { name: "record-1.0.0.json" } });
  const result = await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("app.tgz", "a")], now: "2026-03-01T12:00:00Z" }, { registry });
  expect(result.created).toBe(true);
  expect(store()?.assets.filter((a) => a.name === "record-1.0.0.json")).toHaveLength(1);
  expect(heads()).toHaveLength(1);
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});

it("waits out a secondary rate limit on an asset upload and stores the artifact whole", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  fake.fault("POST /repos/{owner}/{repo}/releases/{release_id}/assets", { ...secondaryRateLimit(1), query: { name: /^sha256-/ } });
  const result = await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("app.tgz", "the whole artifact")], now: "2026-03-01T12:00:00Z" }, { registry });
  const stored = result.record.artifacts[0]!;
  const blobUploads = fake.requests.filter((r) => r.endpoint === "POST /repos/{owner}/{repo}/releases/{release_id}/assets" && r.query.name?.startsWith("sha256-"));
  // The artifact waits out the limit; the provenance statement after it goes through at once.
  expect(blobUploads.map((r) => r.status)).toEqual([403, 201, 201]);
  expect(store()?.assets.find((a) => a.name === `sha256-${stored.sha256}`)?.data.toString("utf8")).toBe("the whole artifact");
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});

it("reads an empty registry without writing (a read-only token is enough), and creates it on the first publish", async () => {
  fake.readOnly = true;
  const registry = githubReleaseRegistry(clientFor(fake));
  expect(await registry.records()).toEqual([]);
  expect(await registry.head()).toBeUndefined();
  expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  fake.readOnly = false;
  await publishRelease({ release: facts("1.0.0"), artifacts: [], now: "2026-03-01T12:00:00Z" }, { registry });
  expect(store()?.draft).toBe(true);
});

it("finds its registry release behind more than a page of other releases, and never makes a second one", async () => {
  await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("app.tgz", "a")], now: "2026-03-01T12:00:00Z" }, { registry: githubReleaseRegistry(clientFor(fake)) });
  for (let n = 0; n < 120; n++) {
    fake.state.refs.set(`tags/v0.0.${n}`, { type: "commit", sha: commitA });
    fake.state.releases.push({ id: 100_000 + n, tag: `v0.0.${n}`, name: null, body: null, draft: false, prerelease: false, makeLatest: undefined, target: "main", createdAt: "2026-01-01T00:00:00Z", assets: [] });
  }
  const registry = githubReleaseRegistry(clientFor(fake));
  expect((await registry.records()).map((r) => r.version)).toEqual(["1.0.0"]);
  await publishRelease({ release: facts("1.1.0"), artifacts: [artifact("app.tgz", "b")], now: "2026-03-02T12:00:00Z" }, { registry });
  expect(fake.state.releases.filter((r) => r.tag === "relm-registry")).toHaveLength(1);
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});

it("reads a registry whose head is the single head.json of earlier relm versions, and moves it to a numbered head", async () => {
  const registry = githubReleaseRegistry(clientFor(fake));
  await publishRelease({ release: facts("1.0.0"), artifacts: [artifact("app.tgz", "a")], now: "2026-03-01T12:00:00Z" }, { registry });
  const legacy = store()?.assets.find((a) => a.name === "head-000000001.json");
  legacy!.name = "head.json";
  expect(await registry.head()).toMatchObject({ sequence: 1, version: "1.0.0" });
  await publishRelease({ release: facts("1.1.0"), artifacts: [artifact("app.tgz", "b")], now: "2026-03-02T12:00:00Z" }, { registry });
  expect(heads()).toEqual(["head-000000002.json"]);
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});
