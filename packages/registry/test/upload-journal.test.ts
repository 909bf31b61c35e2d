import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { publishRelease, verifyReleases } from "@relm/core";
import { artifactsFromFiles, openRegistry, withUploadJournal } from "@relm/registry";
import { startOciRegistry, type RunningRegistry } from "./support/oci-registry.ts";
import { facts } from "./support/release-facts.ts";

let registry: RunningRegistry;
let dir: string;
beforeAll(async () => {
  registry = await startOciRegistry();
  dir = await mkdtemp(join(tmpdir(), "relm-journal-"));
}, 30_000);
afterAll(async () => {
  await registry?.stop();
  await rm(dir, { recursive: true, force: true });
});

it("a file uploaded by an earlier (killed) run is found with HEAD and not sent again", async () => {
  await writeFile(join(dir, "app.bin"), Buffer.alloc(2 * 1024 * 1024, 7));
  await writeFile(join(dir, "other.txt"), "changes between runs");
  const calls: string[] = [];
  const counting: typeof fetch = (input, init) => {
    calls.push(`${init?.method ?? "GET"} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`);
    return fetch(input, init);
  };
  const url = `oci://${registry.host}/journal/app`;
  const journalFile = join(dir, ".relm", "cache", "uploads.json");

  // First run: uploads app.bin, then "dies" before its record (nothing but the blob and the journal remain).
  const first = await withUploadJournal(await openRegistry(url, { cwd: dir, env: {}, fetch: counting, options: { insecure: true } }), journalFile);
  const [appBin] = first.prepare(await artifactsFromFiles(dir, ["app.bin"]));
  if (!appBin) throw new Error("no artifact");
  await first.registry.putArtifact(appBin);
  expect(calls.filter((c) => c.startsWith("PATCH"))).toHaveLength(1);

  calls.length = 0;
  const second = await withUploadJournal(await openRegistry(url, { cwd: dir, env: {}, fetch: counting, options: { insecure: true, lockSettleMs: 200 } }), journalFile);
  const artifacts = second.prepare(await artifactsFromFiles(dir, ["app.bin", "other.txt"]));
  const result = await publishRelease({ release: facts("1.0.0"), artifacts, now: "2026-01-02T00:00:00Z" }, { registry: second.registry });
  expect(result.created).toBe(true);
  // Only other.txt and the release's provenance statement streamed; app.bin was confirmed with a HEAD of its digest.
  expect(calls.filter((c) => c.startsWith("PATCH"))).toHaveLength(2);
  const appSha = result.record.artifacts.find((a) => a.name === "app.bin")?.sha256;
  expect(calls).toContain(`HEAD /v2/journal/app/blobs/sha256:${appSha}`);
  expect((await verifyReleases({}, { registry: second.registry })).problems).toEqual([]);

  // Rewritten in place (same size): the journal key changes, so the file is read and sent again.
  await writeFile(join(dir, "app.bin"), Buffer.alloc(2 * 1024 * 1024, 8));
  calls.length = 0;
  const third = await withUploadJournal(await openRegistry(url, { cwd: dir, env: {}, fetch: counting, options: { insecure: true, lockSettleMs: 200 } }), journalFile);
  const changed = await publishRelease({ release: facts("1.1.0"), artifacts: third.prepare(await artifactsFromFiles(dir, ["app.bin"])), now: "2026-01-03T00:00:00Z" }, { registry: third.registry });
  // app.bin and the new release's statement.
  expect(calls.filter((c) => c.startsWith("PATCH"))).toHaveLength(2);
  expect(changed.record.artifacts.find((a) => a.name === "app.bin")?.sha256).not.toBe(appSha);
}, 60_000);
