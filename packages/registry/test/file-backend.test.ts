import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { publishRelease, verifyReleases, type Registry } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { bytes, facts } from "./support/release-facts.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "relm-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const upload = (name: string, text: string) => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: bytes(text) });
const open = (sub: string): Promise<Registry> => openRegistry(`file:${sub}`, { cwd: dir, env: {} });

it("a publish that stopped between its record and the head is complete; the next one moves the head on", async () => {
  const registry = await open("lagging");
  await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "1")], now: "2026-01-01T00:00:00Z" }, { registry });
  const headAfterFirst = await readFile(join(dir, "lagging", "HEAD.json"), "utf8");
  await publishRelease({ release: facts("1.1.0"), artifacts: [upload("a.txt", "2")], now: "2026-01-02T00:00:00Z" }, { registry });
  await writeFile(join(dir, "lagging", "HEAD.json"), headAfterFirst);
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
  const third = await publishRelease({ release: facts("1.2.0"), artifacts: [upload("a.txt", "3")], now: "2026-01-03T00:00:00Z" }, { registry });
  expect(third.record.chain.sequence).toBe(3);
  expect(JSON.parse(await readFile(join(dir, "lagging", "HEAD.json"), "utf8"))).toMatchObject({ sequence: 3, digest: third.digest });
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});

it("concurrent publishers of different versions get distinct chain positions; leave no temp files or lock", async () => {
  const registry = await open("busy");
  const versions = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0"];
  const results = await Promise.all(versions.map(async (v) => publishRelease({ release: facts(v), artifacts: [upload("a.txt", v)], now: "2026-01-01T00:00:00Z" }, { registry: await open("busy") })));
  expect(results.map((r) => r.record.chain.sequence).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  const report = await verifyReleases({}, { registry });
  expect(report.problems).toEqual([]);
  expect(report.checked).toHaveLength(6);
  expect(await readdir(join(dir, "busy", "tmp"))).toEqual([]);
  expect(await readdir(join(dir, "busy"))).not.toContain("lock");
});

it("publishing onto a chain whose newest record was deleted is refused; a gap further back is verify's to name", async () => {
  const registry = await open("gap");
  for (const v of ["1.0.0", "1.1.0", "1.2.0"]) await publishRelease({ release: facts(v), artifacts: [upload("a.txt", v)], now: "2026-01-01T00:00:00Z" }, { registry });
  await rm(join(dir, "gap", "records", "1.2.0.json"));
  await expect(publishRelease({ release: facts("1.3.0"), artifacts: [upload("a.txt", "x")], now: "2026-01-01T00:00:00Z" }, { registry })).rejects.toMatchObject({
    code: "RELM_CHAIN_BROKEN",
    details: [expect.objectContaining({ where: "chain head", message: expect.stringContaining("names 1.2.0 at position 3, but that record is absent") })],
  });

  const older = await open("gap-older");
  for (const v of ["1.0.0", "1.1.0", "1.2.0"]) await publishRelease({ release: facts(v), artifacts: [upload("a.txt", v)], now: "2026-01-01T00:00:00Z" }, { registry: older });
  await rm(join(dir, "gap-older", "records", "1.1.0.json"));
  // A publish reads the tip only (its cost does not grow with the chain); the audit reads it all.
  await publishRelease({ release: facts("1.3.0"), artifacts: [upload("a.txt", "x")], now: "2026-01-01T00:00:00Z" }, { registry: older });
  expect((await verifyReleases({}, { registry: older })).problems).toEqual([
    expect.objectContaining({ code: "record-missing", where: "records/1.2.0.json", message: expect.stringContaining("position 2 is missing") }),
  ]);
});

it("a chain position claimed by a publish killed before its record is taken over by the next publish", async () => {
  const registry = await open("stale-claim");
  await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "1")], now: "2026-01-01T00:00:00Z" }, { registry });
  const first = await readFile(join(dir, "stale-claim", "records", "1.0.0.json"), "utf8");
  // What a killed publish of 9.9.9 leaves: position 2 claimed, no records/9.9.9.json, head unmoved.
  await writeFile(join(dir, "stale-claim", "chain", "2.json"), first.replace('"version":"1.0.0"', '"version":"9.9.9"'));
  const second = await publishRelease({ release: facts("1.1.0"), artifacts: [upload("a.txt", "2")], now: "2026-01-02T00:00:00Z" }, { registry });
  expect(second.record.chain.sequence).toBe(2);
  expect(await readFile(join(dir, "stale-claim", "chain", "2.json"), "utf8")).toBe(await readFile(join(dir, "stale-claim", "records", "1.1.0.json"), "utf8"));
  expect((await verifyReleases({}, { registry })).problems).toEqual([]);
});

it("a publish reads the chain's tip, never every record", async () => {
  const registry = await open("tip-only");
  for (const v of ["1.0.0", "1.1.0", "1.2.0"]) await publishRelease({ release: facts(v), artifacts: [upload("a.txt", v)], now: "2026-01-01T00:00:00Z" }, { registry });
  let listed = 0;
  const counting: Registry = { ...registry, records: async () => ((listed += 1), registry.records()) };
  const fourth = await publishRelease({ release: facts("1.3.0"), artifacts: [upload("a.txt", "4")], now: "2026-01-04T00:00:00Z" }, { registry: counting });
  expect(fourth.record.chain).toMatchObject({ sequence: 4 });
  expect(listed).toBe(0);
});

it("a registry location holds one project's chain: another project is refused", async () => {
  const registry = await open("one-project");
  await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "1")], now: "2026-01-01T00:00:00Z" }, { registry });
  await expect(publishRelease({ release: facts("1.0.0", { project: "other" }), artifacts: [upload("a.txt", "1")], now: "2026-01-01T00:00:00Z" }, { registry })).rejects.toMatchObject({
    code: "RELM_REGISTRY_PROJECT",
    kind: "config",
  });
});
