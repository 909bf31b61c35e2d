import { afterEach, describe, expect, it } from "vitest";
import { publishRelease, verifyReleases, type ArtifactUpload, type RelmError } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { gitlabPackageRegistryFactory } from "../src/index.ts";
import { startFakeGitlab, type FakeGitlab } from "../../../test/support/fake-gitlab/index.ts";
import { chunks } from "./support.ts";

let fake: FakeGitlab;
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("gitlab-package: registry backend", () => {
  it("stores artifacts by content, records once, the chain head, and reads them back", async () => {
    fake = await startFakeGitlab();
    const registry = gitlabPackageRegistryFactory("gitlab-package:relm-releases", {
      cwd: ".",
      env: { CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" },
      fetch: (input, init) => fetch(input, init),
    });
    expect(registry.location).toBe("gitlab-package:relm-releases");
    expect(await registry.head()).toBeUndefined();
    expect(await registry.records()).toEqual([]);
    const stored = await registry.putArtifact({ name: "dist/app.tgz", mediaType: "application/gzip", size: 10, open: () => chunks("hello", "world") });
    expect(stored).toEqual({ name: "dist/app.tgz", mediaType: "application/gzip", size: 10, sha256: "936a185caaa266bb9cbe981e9e05cb78cd732b0b3280eb944412bb6f8f8f07af" });
    const head = { sequence: 1, digest: "sha256:abc", version: "1.0.0" };
    expect(await registry.lock(() => registry.writeRecord({ version: "1.0.0", text: '{"v":1}', artifacts: [stored], head }))).toEqual({ written: true });
    const again = await registry.writeRecord({ version: "1.0.0", text: '{"v":2}', artifacts: [stored], head });
    expect(again).toEqual({ written: false, existing: { version: "1.0.0", text: '{"v":1}', where: "gitlab-package:relm-releases/records/1.0.0.json" } });
    expect(await registry.head()).toEqual(head);
    expect((await registry.records()).map((r) => [r.version, r.text])).toEqual([["1.0.0", '{"v":1}']]);
    expect(await registry.measureArtifact("1.0.0", stored)).toEqual({ size: 10, sha256: stored.sha256 });
    let text = "";
    for await (const c of await registry.openArtifact("1.0.0", stored)) text += new TextDecoder().decode(c);
    expect(text).toBe("helloworld");
    expect(fake.requests.every((r) => r.auth === "job-token")).toBe(true);
  });

  it("links the published files from the tag's GitLab Release", async () => {
    fake = await startFakeGitlab();
    fake.state.tags.set("v2.0.0", { name: "v2.0.0", commit: "c".repeat(40), message: "" });
    fake.state.releases.set("v2.0.0", { tag: "v2.0.0", name: "v2.0.0", description: "", milestones: [], links: [], created_at: "2026-01-01T00:00:00Z" });
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: { CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" } });
    const stored = await registry.putArtifact({ name: "app.bin", mediaType: "application/octet-stream", open: () => chunks("x") });
    const head = { sequence: 1, digest: "sha256:def", version: "2.0.0" };
    await registry.writeRecord({ version: "2.0.0", text: JSON.stringify({ version: "2.0.0", tag: "v2.0.0" }), artifacts: [stored], head });
    expect(fake.state.releases.get("v2.0.0")?.links.map((l) => [l.name, l.url, l.link_type])).toEqual([
      ["app.bin", `${fake.apiUrl}/projects/42/packages/generic/rel/blobs/${stored.sha256}`, "package"],
      ["release record 2.0.0", `${fake.apiUrl}/projects/42/packages/generic/rel/records/2.0.0.json`, "other"],
    ]);
  });

  it("lists records across pages", async () => {
    fake = await startFakeGitlab();
    for (let i = 0; i < 130; i += 1) fake.state.packages.set(`rel/records/1.0.${i}.json`, Buffer.from(`{"n":${i}}`));
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: { CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" } });
    const records = await registry.records();
    expect(records).toHaveLength(130);
    expect(new Set(records.map((r) => r.version)).size).toBe(130);
    expect(fake.requests.filter((r) => r.route === "list-package-files").map((r) => r.args.page)).toEqual(["1", "2"]);
  });

  it("is what openRegistry gives for gitlab-package: URLs once @relm/gitlab is loaded", async () => {
    fake = await startFakeGitlab();
    const registry = await openRegistry("gitlab-package:team-releases", { cwd: ".", env: { CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" } });
    expect(registry.location).toBe("gitlab-package:team-releases");
    expect(await registry.head()).toBeUndefined();
    // An empty registry: no package, so no version `chain` whose files would name a head.
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["GET /projects/42/packages 200"]);
  });

  const env = () => ({ CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", CI_JOB_TOKEN: "job-token-fake" });
  const facts = (version: string, commit = "c") => ({ project: "app", version, tag: `v${version}`, commit: commit.repeat(40), range: { to: commit.repeat(40) }, notes: "", pipeline: { provider: "local" as const } });
  const file = (name: string, text: string): ArtifactUpload => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: () => chunks(text) });
  const blobPuts = () => fake.requests.filter((r) => r.method === "PUT" && r.path.includes("/blobs/"));

  it("publishes the same release again as a no-op that sends no artifact twice, and refuses other content for the version", async () => {
    fake = await startFakeGitlab();
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: env() });
    const first = await publishRelease({ release: facts("1.0.0"), artifacts: [file("a.txt", "alpha"), file("b.txt", "beta")], now: "2026-01-01T00:00:00Z" }, { registry });
    expect(first.created).toBe(true);
    const statement = first.record.artifacts.find((a) => a.name === "provenance.intoto.json");
    expect(blobPuts().map((r) => [r.status, r.contentLength])).toEqual([[201, "5"], [201, "4"], [201, String(statement?.size)]]);
    const again = await publishRelease({ release: facts("1.0.0"), artifacts: [file("a.txt", "alpha"), file("b.txt", "beta")], now: "2026-01-02T00:00:00Z" }, { registry });
    expect(again).toEqual({ record: first.record, digest: first.digest, created: false });
    // The re-run builds the same statement, so it too is not sent again.
    expect(blobPuts()).toHaveLength(3);
    const error = (await publishRelease({ release: facts("1.0.0"), artifacts: [file("a.txt", "alpha!"), file("b.txt", "beta")], now: "2026-01-03T00:00:00Z" }, { registry }).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_VERSION_CONFLICT");
    expect(error.details?.map((d) => d.where)).toEqual(["a.txt"]);
    expect((await registry.records()).map((r) => r.version)).toEqual(["1.0.0"]);
    expect(await registry.head()).toEqual({ sequence: 1, digest: first.digest, version: "1.0.0" });
    expect((await verifyReleases({}, { registry })).problems).toEqual([]);
  });

  it("finishes a publish cut off between its record and the head: the next run moves the head and links the release", async () => {
    fake = await startFakeGitlab();
    fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: "c".repeat(40), message: "" });
    fake.state.releases.set("v1.0.0", { tag: "v1.0.0", name: "v1.0.0", description: "", milestones: [], links: [], created_at: "2026-01-01T00:00:00Z" });
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: env() });
    const first = await publishRelease({ release: facts("1.0.0"), artifacts: [file("a.txt", "alpha")], now: "2026-01-01T00:00:00Z" }, { registry });
    // As if the run had been killed right after storing the record.
    fake.state.packages.delete("rel/chain/head-000000001.json");
    fake.state.releases.get("v1.0.0")!.links = [];
    const rerun = await publishRelease({ release: facts("1.0.0"), artifacts: [file("a.txt", "alpha")], now: "2026-01-02T00:00:00Z" }, { registry });
    expect(rerun.created).toBe(false);
    expect(await registry.head()).toEqual({ sequence: 1, digest: first.digest, version: "1.0.0" });
    expect(fake.state.releases.get("v1.0.0")?.links.map((l) => l.name)).toEqual(["a.txt", "provenance.intoto.json", "release record 1.0.0"]);
  });

  it("retries a failed upload by reading the spooled file again, and checks the size and digest GitLab stored", async () => {
    fake = await startFakeGitlab();
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: env() });
    const big = Buffer.alloc(3 * 1024 * 1024 + 7, 0x61);
    let opened = 0;
    fake.fault({ route: "publish-generic-package", status: 502 });
    const stored = await registry.putArtifact({
      name: "big.bin",
      mediaType: "application/octet-stream",
      size: big.length,
      open: async function* () {
        opened += 1;
        for (let at = 0; at < big.length; at += 65536) yield big.subarray(at, at + 65536);
      },
    });
    expect(opened).toBe(1);
    expect(blobPuts().map((r) => [r.status, r.contentLength])).toEqual([[502, String(big.length)], [201, String(big.length)]]);
    expect(fake.state.spooledPackages.get(`rel/blobs/${stored.sha256}`)).toMatchObject({ size: big.length, sha256: stored.sha256 });
    expect(await registry.measureArtifact("1.0.0", stored)).toEqual({ size: big.length, sha256: stored.sha256 });
    let read = 0;
    for await (const c of await registry.openArtifact("1.0.0", stored)) read += c.byteLength;
    expect(read).toBe(big.length);
    // An artifact that is already stored is not sent again, and a journal's digest skips reading it at all.
    await registry.putArtifact({ name: "big.bin", mediaType: "application/octet-stream", size: big.length, open: () => chunks(big.toString("latin1")) });
    await registry.putArtifact({ name: "big.bin", mediaType: "application/octet-stream", size: big.length, knownSha256: stored.sha256, open: () => { throw new Error("read although the journal knew it"); } });
    expect(blobPuts()).toHaveLength(2);
  });

  it("refuses an upload GitLab stored with another digest", async () => {
    fake = await startFakeGitlab();
    const registry = gitlabPackageRegistryFactory("gitlab-package:rel", { cwd: ".", env: env() });
    fake.fault({ route: "publish-generic-package", status: 201, body: { id: 1, file_name: "x", size: 5, file_sha256: "0".repeat(64) } });
    const error = (await registry.putArtifact(file("a.txt", "alpha")).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_PACKAGE_DIGEST");
    expect(error.message).toContain(`with sha256 ${"0".repeat(64)}, relm sent`);
  });
});
