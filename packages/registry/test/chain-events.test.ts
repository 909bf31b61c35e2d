import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRelease, recordEvent, verifyReleases, type EventFacts, type Registry } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { startOciRegistry, type RunningRegistry } from "./support/oci-registry.ts";
import { bytes, facts } from "./support/release-facts.ts";

let oci: RunningRegistry;
let dir: string;
beforeAll(async () => {
  oci = await startOciRegistry();
  dir = await mkdtemp(join(tmpdir(), "relm-events-"));
}, 30_000);
afterAll(async () => {
  await oci?.stop();
  await rm(dir, { recursive: true, force: true });
});

const upload = (name: string, text: string) => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: bytes(text) });
const backends: [string, (name: string) => Promise<Registry>][] = [
  ["file", (name) => openRegistry(`file:${name}`, { cwd: dir, env: {} })],
  ["oci", (name) => openRegistry(`oci://${oci.host}/events/${name}`, { cwd: dir, env: {}, fetch, options: { insecure: true, lockSettleMs: 200 } })],
];

const rejected = (version: string, at: string): EventFacts => ({
  event: "rejected",
  project: "demo",
  subject: { version, candidate: `sha256:${"c".repeat(64)}` },
  at,
  detail: { step: "approve", outcome: "rejected", environment: "production", reasons: ["rejected by CAB member carol: not this week"] },
});

describe.each(backends)("%s: events share the release records' chain", (_name, open) => {
  it("an event is linked between releases, verifies, and is recorded once however often it is recorded", async () => {
    const registry = await open("mixed");
    let listed = 0;
    const counting: Registry = { ...registry, records: async () => ((listed += 1), registry.records()) };
    await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "1")], now: "2026-01-01T00:00:00Z" }, { registry: counting });
    const first = await recordEvent(rejected("1.1.0", "2026-01-02T00:00:00Z"), "candidate c / rejected", { registry: counting });
    const again = await recordEvent(rejected("1.1.0", "2026-01-03T00:00:00Z"), "candidate c / rejected", { registry: counting });
    const second = await publishRelease({ release: facts("1.1.1"), artifacts: [upload("a.txt", "2")], now: "2026-01-04T00:00:00Z" }, { registry: counting });
    expect(listed).toBe(0);
    expect(first.created).toBe(true);
    expect(first.event.chain).toEqual({ sequence: 2, previous: expect.stringMatching(/^sha256:/) });
    expect(again).toMatchObject({ created: false, digest: first.digest });
    expect(again.event.at).toBe("2026-01-02T00:00:00Z");
    expect(second.record.chain).toEqual({ sequence: 3, previous: first.digest });

    const report = await verifyReleases({}, { registry });
    expect(report.problems).toEqual([]);
    expect(report.checked.map((r) => r.record.version)).toEqual(["1.0.0", "1.1.1"]);
  });

  it("an edited event breaks the chain like an edited record", async () => {
    const registry = await open("edited");
    await recordEvent(rejected("1.0.0", "2026-01-01T00:00:00Z"), "one", { registry });
    await publishRelease({ release: facts("1.0.1"), artifacts: [upload("a.txt", "1")], now: "2026-01-02T00:00:00Z" }, { registry });
    const stored = await registry.records();
    const event = stored.find((s) => s.version.startsWith("event-"));
    expect(event?.text).toContain('"outcome":"rejected"');
    const forged: Registry = { ...registry, records: async () => stored.map((s) => (s === event ? { ...s, text: s.text.replace('"outcome":"rejected"', '"outcome":"missing"') } : s)) };
    const report = await verifyReleases({}, { registry: forged });
    expect(report.problems.map((p) => p.code)).toContain("record-edited");
  });
});
