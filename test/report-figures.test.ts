// The KPI figures of a registry fixture (test/support/report-fixture.ts), each worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, reportReleases, reportSchema, type Report } from "@relm/core";
import { fileRegistry } from "@relm/registry";
import { FIXTURE_WINDOW, reportFixture } from "./support/report-fixture.ts";

describe("report figures over a fixture with known KPIs", () => {
  let fixture: Awaited<ReturnType<typeof reportFixture>>;
  let report: Report;
  beforeAll(async () => {
    fixture = await reportFixture();
    report = await reportReleases({ ...FIXTURE_WINDOW, environment: "production", project: "shop" }, { registry: fileRegistry(`file:${fixture.dir}`, fixture.dir) });
  });
  afterAll(() => fixture.cleanup());

  it("is valid against its own schema and read an intact chain", () => {
    expect(reportSchema.parse(report)).toEqual(report);
    expect(report.chain).toEqual({ records: 6, events: 12, problems: 0 });
  });

  it("counts the five releases of the window (0.9.0 is before it) by bump and risk class, per week and month", () => {
    expect(report.releases.total.value).toBe(5);
    // 2.0.1 has no plan: its bump comes from the version before it (2.0.0 → 2.0.1 is a patch).
    expect(report.releases.byBump).toEqual({ minor: 2, patch: 2, major: 1 });
    expect(report.releases.byRisk).toEqual({ normal: 1, standard: 1, emergency: 1, major: 1, unclassified: 1 });
    expect(report.releases.monthly.map((p) => [p.period, p.releases])).toEqual([["2026-01", 3], ["2026-02", 1], ["2026-03", 1]]);
    // 2026-01-01 is in ISO week 1 (starting Monday 2025-12-29); 2026-03-30 starts week 14.
    expect(report.releases.weekly).toHaveLength(14);
    expect(report.releases.weekly.filter((p) => p.releases > 0).map((p) => p.period)).toEqual(["2026-W02", "2026-W03", "2026-W04", "2026-W07", "2026-W10"]);
    expect(report.releases.weekly[0]?.start).toBe("2025-12-29T00:00:00.000Z");
  });

  it("lists the emergency change, its break-glass override with the reason, and the release inside a freeze", () => {
    expect(report.emergencies).toEqual([{ version: "1.1.1", at: "2026-01-20T10:00:00Z", reason: "hotfix for the checkout outage" }]);
    expect(report.overrides).toEqual([{ version: "1.1.1", at: "2026-01-20T10:00:00Z", by: "alice", via: "input", reason: "hotfix for the checkout outage", lifted: ["RELM_GATE_FREEZE"] }]);
    expect(report.inFreeze).toEqual([{ version: "1.1.1", at: "2026-01-20T10:00:00Z", freezes: ["holiday"] }]);
  });

  it("measures deployment frequency per environment, and says when there is too little data", () => {
    // dep-1, dep-2, dep-4, dep-5 succeeded in production (dep-3 failed): 4 × 7 ÷ 90 days.
    expect(report.deploymentFrequency.production?.value).toBe(0.311);
    expect(report.deploymentFrequency.production?.over).toBe(4);
    expect(report.deploymentFrequency.staging).toMatchObject({ value: null, over: 1 });
    expect(report.deploymentFrequency.staging?.note).toMatch(/too little data/);
  });

  it("gives lead times as median and p90 (nearest rank)", () => {
    // First commit → tag: 1.0.0 48h, 1.1.0 24h, 1.1.1 4h, 2.0.0 216h; 2.0.1 has no plan.
    expect(report.leadTime.toRelease.samples).toEqual([4, 24, 48, 216]);
    expect(report.leadTime.toRelease.median).toMatchObject({ value: 36, over: 4, unit: "hours" });
    expect(report.leadTime.toRelease.p90.value).toBe(216);
    // First commit → first good production deployment: 50h, 28h, 7h (after dep-3 failed), 218h.
    expect(report.leadTime.toDeployment.samples).toEqual([7, 28, 50, 218]);
    expect(report.leadTime.toDeployment.median.value).toBe(39);
    expect(report.leadTime.toDeployment.p90.value).toBe(218);
  });

  it("computes the change failure rate and leaves time to restore unprinted with two samples", () => {
    // Deployed to production: 1.0.0, 1.1.0, 1.1.1, 2.0.0; failed: 1.1.0 (backed out), 1.1.1 (dep-3 failed).
    expect(report.changeFailureRate).toMatchObject({ value: 0.5, over: 4, unit: "ratio" });
    expect(report.failures.map((f) => [f.version, f.at, f.restoredAt])).toEqual([
      ["1.1.0", "2026-01-12T14:00:00Z", "2026-01-12T16:00:00Z"],
      ["1.1.1", "2026-01-20T11:00:00Z", "2026-01-20T13:00:00Z"],
    ]);
    expect(report.timeToRestore.samples).toEqual([2, 2]);
    expect(report.timeToRestore.median.value).toBeNull();
    expect(report.timeToRestore.median.note).toBe("too little data: 2 restored failure(s) (at least 3 needed)");
  });

  it("measures approval latency, refused sign-offs and separation-of-duties refusals", () => {
    // Candidate → last approval: 1.0.0 2h, 1.1.1 1.5h, 2.0.0 3h.
    expect(report.approvals.latency.samples).toEqual([1.5, 2, 3]);
    expect(report.approvals.latency.median.value).toBe(2);
    expect(report.approvals.latency.p90.value).toBe(3);
    expect(report.approvals.refused).toEqual({ rejected: 1, expired: 1 });
    expect(report.approvals.separationOfDuties.value).toBe(2);
  });

  it("counts gate refusals by rule code", () => {
    expect(report.gateRefusals.total.value).toBe(2);
    expect(report.gateRefusals.byCode).toEqual({ RELM_GATE_FREEZE: 2, RELM_GATE_BRANCH: 1 });
  });

  it("measures schedule adherence against the policy's slots", async () => {
    const policy = loadConfig('policy:\n  schedule:\n    slots:\n      - train: "every Monday 09:00 UTC"\n').config.policy;
    const scheduled = await reportReleases({ ...FIXTURE_WINDOW, environment: "production" }, { registry: fileRegistry(`file:${fixture.dir}`, fixture.dir), policy });
    // 13 Mondays from 5 January to 30 March; on time: 5 and 12 January; late: 19 January (1.1.1 the
    // next day), 9 February (2.0.0), 2 March (2.0.1); the other 8 had no release before the next one.
    expect(scheduled.schedule.adherence).toMatchObject({ value: 0.154, over: 13 });
    expect([scheduled.schedule.onTime?.value, scheduled.schedule.late?.value, scheduled.schedule.skipped?.value]).toEqual([2, 3, 8]);
    expect([scheduled.schedule.unplanned?.value, scheduled.schedule.unplannedEmergencies?.value]).toEqual([3, 1]);
    expect(report.schedule).toEqual({ note: "the policy has no release schedule: adherence is not measured" });
  });

  it("a window with no releases says so instead of printing 0%", async () => {
    const empty = await reportReleases({ since: "2027-01-01T00:00:00.000Z", until: "2027-02-01T00:00:00.000Z", environment: "production" }, { registry: fileRegistry(`file:${fixture.dir}`, fixture.dir) });
    expect(empty.releases.total.value).toBe(0);
    expect(empty.changeFailureRate.value).toBeNull();
    expect(empty.changeFailureRate.note).toMatch(/too little data: 0 release/);
    expect(empty.leadTime.toRelease.median.value).toBeNull();
  });
});
