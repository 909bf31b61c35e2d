import { afterEach, describe, expect, it } from "vitest";
import { provenanceStatement, publishRelease, statementText, verifyReleases, PROVENANCE_ARTIFACT, type ArtifactUpload, type Registry } from "@relm/core";
import { createGitlabClient, gitlabGenericPackages, gitlabPackageRegistry } from "../src/index.ts";
import { startFakeGitlab, type FakeGitlab } from "../../../test/support/fake-gitlab/index.ts";
import { chunks } from "./support.ts";

let fake: FakeGitlab;
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

// Retries without waiting: a lost answer is retried at once.
const client = () => createGitlabClient({ host: fake.url, auth: { kind: "job-token", value: "job-token-fake" }, sleep: async () => undefined });
const registryOf = (): Registry => gitlabPackageRegistry(client(), "42", "rel");
const facts = (version: string, commit: string) => ({ project: "app", version, tag: `v${version}`, commit: commit.repeat(40), range: { to: commit.repeat(40) }, notes: "", pipeline: { provider: "local" as const } });
const file = (name: string, text: string): ArtifactUpload => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: () => chunks(text) });
const publish = (registry: Registry, version: string, commit: string, day: number) =>
  publishRelease({ release: facts(version, commit), artifacts: [file("app.txt", `build ${version}`), file("LICENSE", "the same every time")], now: `2026-01-0${day}T00:00:00Z` }, { registry });
const chainFiles = () => [...fake.state.packages.keys()].filter((k) => k.startsWith("rel/chain/")).map((k) => k.slice("rel/chain/".length)).sort();
const uploads = () => fake.requests.filter((r) => r.route === "publish-generic-package").map((r) => `${r.status} ${r.path.replace(/^.*\/rel\//, "")}`);

describe("gitlab-package: chain heads in a group that rejects duplicate packages", () => {
  it("the fake refuses a second file of one name as GitLab does, and put reports the file as there already", async () => {
    fake = await startFakeGitlab({ genericDuplicatesAllowed: false });
    const pkgs = gitlabGenericPackages(client(), "42", "rel");
    expect(await pkgs.put("chain", "x.json", new TextEncoder().encode("first"))).toMatchObject({ size: 5 });
    expect(await pkgs.put("chain", "x.json", new TextEncoder().encode("second"))).toBeUndefined();
    expect(fake.requests.map((r) => r.status)).toEqual([201, 400]);
    expect(fake.state.packages.get("rel/chain/x.json")?.toString("utf8")).toBe("first");
    // Another version of the package may hold the same file name.
    expect(await pkgs.put("records", "x.json", new TextEncoder().encode("other"))).toMatchObject({ size: 5 });
  });

  it("takes a second and a third release, one numbered head each, and verify passes", async () => {
    fake = await startFakeGitlab({ genericDuplicatesAllowed: false });
    const registry = registryOf();
    for (const [i, [version, commit]] of [["1.0.0", "a"], ["1.1.0", "b"], ["1.2.0", "c"]].entries()) {
      const result = await publish(registry, version ?? "", commit ?? "", i + 1);
      expect(result.created).toBe(true);
      expect(await registry.head()).toEqual({ sequence: i + 1, digest: result.digest, version });
      expect((await verifyReleases({}, { registry })).problems).toEqual([]);
    }
    expect(chainFiles()).toEqual(["head-000000001.json", "head-000000002.json", "head-000000003.json"]);
    expect(uploads().filter((u) => !u.startsWith("201"))).toEqual([]);
  });

  it("finishes a release cut off between its record and its head on the next run, and goes on", async () => {
    fake = await startFakeGitlab({ genericDuplicatesAllowed: false });
    const registry = registryOf();
    const first = await publish(registry, "1.0.0", "a", 1);
    const second = await publish(registry, "1.1.0", "b", 2);
    // As if the run had been killed right after storing the record of 1.1.0.
    fake.state.packages.delete("rel/chain/head-000000002.json");
    expect(await registry.head()).toEqual({ sequence: 1, digest: first.digest, version: "1.0.0" });
    const rerun = await publish(registry, "1.1.0", "b", 3);
    expect(rerun).toEqual({ record: second.record, digest: second.digest, created: false });
    expect(await registry.head()).toEqual({ sequence: 2, digest: second.digest, version: "1.1.0" });
    const third = await publish(registry, "1.2.0", "c", 4);
    expect(await registry.head()).toEqual({ sequence: 3, digest: third.digest, version: "1.2.0" });
    expect((await verifyReleases({}, { registry })).problems).toEqual([]);
    expect(uploads().filter((u) => !u.startsWith("201"))).toEqual([]);
  });

  it("takes a blob, a record or a head whose upload landed but whose answer was lost: the retry is refused as a duplicate", async () => {
    fake = await startFakeGitlab({ genericDuplicatesAllowed: false });
    const registry = registryOf();
    const lostAnswer = () => fake.fault({ route: "publish-generic-package", status: 502, afterHandler: true });
    lostAnswer();
    const blob = await registry.putArtifact(file("app.txt", "build 1.0.0"));
    expect(await registry.measureArtifact("1.0.0", blob)).toEqual({ size: blob.size, sha256: blob.sha256 });
    await publish(registry, "1.0.0", "a", 1);
    // Cut off before the head: the re-run's only upload is the head, whose answer is lost.
    fake.state.packages.delete("rel/chain/head-000000001.json");
    lostAnswer();
    expect((await publish(registry, "1.0.0", "a", 2)).created).toBe(false);
    expect((await registry.head())?.sequence).toBe(1);
    // 1.1.0's blobs (its provenance statement too) are stored first, so the record is its first upload.
    const stored = [await registry.putArtifact(file("app.txt", "build 1.1.0")), await registry.putArtifact(file("LICENSE", "the same every time"))];
    await registry.putArtifact(file(PROVENANCE_ARTIFACT, statementText(provenanceStatement(facts("1.1.0", "b"), stored))));
    lostAnswer();
    const second = await publish(registry, "1.1.0", "b", 3);
    expect(second.created).toBe(true);
    expect(await registry.head()).toEqual({ sequence: 2, digest: second.digest, version: "1.1.0" });
    expect((await verifyReleases({}, { registry })).problems).toEqual([]);
    expect(uploads().filter((u) => !u.startsWith("201"))).toEqual([
      `502 blobs/${blob.sha256}`,
      `400 blobs/${blob.sha256}`,
      "502 chain/head-000000001.json",
      "400 chain/head-000000001.json",
      "502 records/1.1.0.json",
      "400 records/1.1.0.json",
    ]);
  });

  it("reads a registry of earlier relm versions, whose only head is chain/head.json, and continues it with numbered heads", async () => {
    fake = await startFakeGitlab({ genericDuplicatesAllowed: false });
    const registry = registryOf();
    const first = await publish(registry, "1.0.0", "a", 1);
    const legacy = fake.state.packages.get("rel/chain/head-000000001.json");
    fake.state.packages.delete("rel/chain/head-000000001.json");
    fake.state.packages.set("rel/chain/head.json", legacy ?? Buffer.alloc(0));
    expect(await registry.head()).toEqual({ sequence: 1, digest: first.digest, version: "1.0.0" });
    const second = await publish(registry, "1.1.0", "b", 2);
    expect(second.created).toBe(true);
    expect(await registry.head()).toEqual({ sequence: 2, digest: second.digest, version: "1.1.0" });
    // The legacy head stays (relm deletes no package file) and is not read any more.
    expect(chainFiles()).toEqual(["head-000000002.json", "head.json"]);
    expect((await verifyReleases({}, { registry })).problems).toEqual([]);
  });
});
