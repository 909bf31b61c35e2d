// End to end: `relm report` over the fixture registry in text, JSON and CSV, with the hand-computed figures.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { FIXTURE_WINDOW, reportFixture } from "./support/report-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";
import { repoRoot } from "./support/replay.ts";

describe("relm report", () => {
  let fixture: Awaited<ReturnType<typeof reportFixture>>;
  let cwd: string;
  const window = ["--since", FIXTURE_WINDOW.since.slice(0, 10), "--until", FIXTURE_WINDOW.until.slice(0, 10)];
  const report = (args: string[]) => runRelm(["report", "--registry", `file:${fixture.dir}`, ...window, ...args], { cwd });
  beforeAll(async () => {
    fixture = await reportFixture();
    cwd = mkdtempSync(join(tmpdir(), "relm-report-cwd-"));
  });
  afterAll(() => {
    fixture.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  it("prints the figures as text, each with what it was computed over, and too little data as such", () => {
    const run = report([]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Releases: 5 (by bump: minor 2, patch 2, major 1;");
    expect(run.stdout).toContain("production: 0.311/week (over 4 deployments)");
    expect(run.stdout).toContain("Lead time, first commit to release: median 36 h, p90 216 h (over 4)");
    expect(run.stdout).toContain("Lead time, first commit to production: median 39 h, p90 218 h (over 4)");
    expect(run.stdout).toContain("Change failure rate: 50% (2 of 4 releases deployed)");
    expect(run.stdout).toContain("Time to restore: n/a (too little data: 2 restored failure(s) (at least 3 needed))");
    expect(run.stdout).toContain("Approval latency: median 2 h, p90 3 h (over 3)");
    expect(run.stdout).toContain("Gate refusals: 2 (by rule code: RELM_GATE_FREEZE 2, RELM_GATE_BRANCH 1)");
    expect(run.stdout).toContain("1.1.1 by alice via input, lifted RELM_GATE_FREEZE: hotfix for the checkout outage");
  });

  it("prints JSON valid against the published schema (--json and --format json alike)", () => {
    const run = runRelmJson<{ changeFailureRate: { value: number; over: number }; leadTime: { toDeployment: { samples: number[] } } }>(["report", "--registry", `file:${fixture.dir}`, ...window], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json.changeFailureRate).toMatchObject({ value: 0.5, over: 4 });
    expect(run.json.leadTime.toDeployment.samples).toEqual([7, 28, 50, 218]);
    const schema = JSON.parse(readFileSync(join(repoRoot, "schema", "report.schema.json"), "utf8")) as Record<string, unknown>;
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(run.json), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.parse(report(["--format", "json"]).stdout)).toEqual(run.json);
  });

  it("writes CSV to --out, one figure a line", () => {
    const out = join(cwd, "report.csv");
    const run = report(["--format", "csv", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`report (csv) written to ${out}\n`);
    const lines = readFileSync(out, "utf8").split("\r\n");
    expect(lines[0]).toBe("metric,scope,value,unit,over,method,note");
    // The method holds commas, so it is quoted.
    expect(lines).toContain('change failure rate,production,0.5,ratio,4,"releases deployed to production that failed there (failed deployment, back-out or failed review) ÷ releases deployed to production",');
    expect(lines.find((l) => l.startsWith("time to restore median"))).toMatch(/,,hours,2,.*too little data/);
  });

  it("writes a GitLab metrics report, leaving out what has too little data", () => {
    const run = report(["--format", "metrics"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toContain("relm_releases 5");
    expect(lines).toContain("relm_deployments_per_week_production 0.311");
    expect(lines).toContain("relm_change_failure_rate_production 0.5");
    expect(lines).toContain("relm_lead_time_to_deployment_hours_p90_production 218");
    expect(lines.some((l) => l.startsWith("relm_time_to_restore") || l.includes("staging"))).toBe(false);
    for (const l of lines) expect(l).toMatch(/^relm_[a-z0-9_]+ -?\d+(\.\d+)?$/);
  });

  it("measures another environment with --env", () => {
    const run = runRelmJson<{ environment: string; changeFailureRate: { value: number | null; over: number } }>(["report", "--registry", `file:${fixture.dir}`, ...window, "--env", "staging"], { cwd });
    expect(run.json.environment).toBe("staging");
    expect(run.json.changeFailureRate).toMatchObject({ value: null, over: 1 });
  });

  it.each([
    [["--since", "last tuesday"], '--since "last tuesday" is neither a duration nor a date'],
    [["--since", "2026-05-01", "--until", "2026-06-01", "--until", "2026-04-01"], "is not before --until"],
    [["--format", "pdf"], "expected one of text, json, html, csv, metrics"],
  ])("refuses %j naming the option (exit 2, nothing on stdout)", (args, message) => {
    const run = report(args);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toContain(message);
  });

  it("has --help", () => {
    const help = runRelm(["report", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--format <format>");
  });
});
