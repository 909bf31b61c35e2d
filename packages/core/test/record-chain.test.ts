import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recordDigest, recordText, releaseRecordJsonSchema, releaseRecordSchema, rollbackTarget, verifyChain, checkArtifactName, type ReleaseRecord, type StoredRecordText, type ChainHead } from "@relm/core";

function chainOf(specs: { version: string; environment?: string; allowed?: boolean; valid?: boolean }[]): { stored: StoredRecordText[]; head: ChainHead; records: ReleaseRecord[] } {
  const records: ReleaseRecord[] = [];
  let previous: string | null = null;
  specs.forEach((s, i) => {
    const record = releaseRecordSchema.parse({
      schemaVersion: 1,
      project: "demo",
      version: s.version,
      tag: `v${s.version}`,
      commit: String(i).repeat(40).slice(0, 40),
      range: { to: String(i).repeat(40).slice(0, 40) },
      notes: `notes ${s.version}`,
      ...(s.environment ? { environment: s.environment } : {}),
      gate: { allowed: s.allowed ?? true },
      approval: { valid: s.valid ?? true, evidence: [] },
      artifacts: [{ name: "app.tgz", size: 3, mediaType: "application/gzip", sha256: "e".repeat(64) }],
      times: { created: "2026-01-01T00:00:00Z", published: `2026-01-0${i + 1}T00:00:00Z` },
      chain: { sequence: i + 1, previous },
    });
    records.push(record);
    previous = recordDigest(record);
  });
  const stored = records.map((r) => ({ version: r.version, text: recordText(r), where: `records/${r.version}.json` }));
  const last = records.at(-1);
  return { stored, records, head: { sequence: records.length, digest: last ? recordDigest(last) : "", version: last?.version ?? "" } };
}

describe("the hash chain", () => {
  const versions = ["1.0.0", "1.1.0", "1.2.0", "2.0.0"].map((version) => ({ version }));

  it("an intact chain has no problems and comes back in chain order", () => {
    const { stored, head } = chainOf(versions);
    const report = verifyChain([...stored].reverse(), head);
    expect(report.problems).toEqual([]);
    expect(report.records.map((r) => r.record.version)).toEqual(["1.0.0", "1.1.0", "1.2.0", "2.0.0"]);
  });

  it("an edited record is named: a changed value, or a byte that keeps it valid JSON", () => {
    const { stored, head } = chainOf(versions);
    const edited = stored.map((s) => (s.version === "1.1.0" ? { ...s, text: s.text.replace("notes 1.1.0", "notes 1.1.1") } : s));
    expect(verifyChain(edited, head).problems).toEqual([expect.objectContaining({ code: "record-edited", where: "records/1.1.0.json" })]);
    const spaced = stored.map((s) => (s.version === "1.2.0" ? { ...s, text: s.text.replace('"notes":', '"notes" :') } : s));
    expect(verifyChain(spaced, head).problems).toEqual([expect.objectContaining({ code: "record-edited", where: "records/1.2.0.json" })]);
  });

  it("an edit to the newest record is caught by the head", () => {
    const { stored, head } = chainOf(versions);
    const edited = stored.map((s) => (s.version === "2.0.0" ? { ...s, text: s.text.replace('"allowed":true', '"allowed":false') } : s));
    expect(verifyChain(edited, head).problems).toEqual([expect.objectContaining({ code: "record-edited", where: "records/2.0.0.json" })]);
  });

  it("a deleted record leaves a gap; a deleted newest record is named by the head", () => {
    const { stored, head } = chainOf(versions);
    expect(verifyChain(stored.filter((s) => s.version !== "1.1.0"), head).problems).toEqual([expect.objectContaining({ code: "record-missing", where: "records/1.2.0.json" })]);
    expect(verifyChain(stored.filter((s) => s.version !== "2.0.0"), head).problems).toEqual([expect.objectContaining({ code: "record-missing", where: "chain head" })]);
  });

  it("a head one behind (a publish killed after its record) is complete, not broken", () => {
    const { stored, records } = chainOf(versions);
    const previous = records[2] as ReleaseRecord;
    expect(verifyChain(stored, { sequence: 3, digest: recordDigest(previous), version: "1.2.0" }).problems).toEqual([]);
    expect(verifyChain(stored.slice(0, 1), undefined).problems).toEqual([]);
    expect(verifyChain(stored.slice(0, 2), undefined).problems).toEqual([expect.objectContaining({ code: "head-mismatch" })]);
  });

  it("a record filed under another version, or not JSON, is named", () => {
    const { stored, head } = chainOf(versions);
    const misfiled = stored.map((s) => (s.version === "1.0.0" ? { ...s, version: "9.9.9" } : s));
    expect(verifyChain(misfiled, head).problems).toEqual([expect.objectContaining({ code: "record-misfiled", where: "records/1.0.0.json" })]);
    const broken = stored.map((s) => (s.version === "2.0.0" ? { ...s, text: s.text.slice(0, 20) } : s));
    expect(verifyChain(broken, head).problems.map((p) => p.code)).toContain("record-unreadable");
  });

  it("the committed JSON Schema of the record is fresh (run `npm run schema`)", () => {
    const committed: unknown = JSON.parse(readFileSync(new URL("../../../schema/release-record.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(releaseRecordJsonSchema());
  });
});

describe("rollback", () => {
  it("picks the newest earlier record of the environment that passed gate and approval", () => {
    const { records } = chainOf([
      { version: "1.0.0", environment: "prod" },
      { version: "1.1.0", environment: "prod" },
      { version: "1.2.0", environment: "staging" },
      { version: "1.3.0", environment: "prod", valid: false },
      { version: "1.4.0", environment: "prod", allowed: false },
      { version: "1.5.0", environment: "prod" },
    ]);
    expect(rollbackTarget(records, { environment: "prod" }).target.version).toBe("1.1.0");
    expect(rollbackTarget(records, { environment: "prod", current: "1.1.0" }).target.version).toBe("1.0.0");
    expect(() => rollbackTarget(records, { environment: "prod", current: "1.0.0" })).toThrow(expect.objectContaining({ code: "RELM_ROLLBACK_NONE" }));
    expect(() => rollbackTarget(records, { environment: "qa" })).toThrow(expect.objectContaining({ code: "RELM_ROLLBACK_NO_CURRENT" }));
  });
});

describe("artifact names", () => {
  it.each(["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\\\b", "a//b", "./a", "", "a\u0000b"])("refuses %j", (name) => {
    expect(() => checkArtifactName(name)).toThrow(expect.objectContaining({ code: "RELM_ARTIFACT_NAME", kind: "usage" }));
  });
  it.each(["app.tgz", "dist/app-1.0.0.tgz", "a/b/c.txt", "..hidden"])("accepts %j", (name) => {
    expect(checkArtifactName(name)).toBe(name);
  });
});
