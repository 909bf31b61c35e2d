// The report component runs for real: gitlab-ci-local (shell executor) runs a pipeline that includes
// templates/report.yml over a file registry with known figures (test/support/report-fixture.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cleanups, pipeline, relmCommand, repository } from "./support/gitlab-ci-local.ts";
import { startFakeGitlab } from "./support/fake-gitlab/index.ts";
import { writeReportFixture } from "./support/report-fixture.ts";

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface ReportJob {
  artifacts?: { paths?: string[]; reports?: Record<string, unknown>; expose_as?: string };
}

describe("the report component (gitlab-ci-local)", () => {
  it("writes the text to the job log, the HTML page as the exposed artifact and metrics.txt as the metrics report", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository({
      ".relm.yml": "project: shop\n",
      ".gitlab-ci.yml": `include:
  - local: templates/report.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      registry: file:.relm/registry
      since: "2026-01-01"
      until: "2026-04-01"
`,
    });
    await writeReportFixture(join(repo.dir, ".relm", "registry"));
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "chore: the registry");

    const result = await pipeline(repo, fake, {});
    expect(result.ok, result.log).toBe(true);
    expect(result.log).toContain("PASS  relm-report");

    // The text, in the log's collapsible section.
    const log = result.jobLog("relm-report");
    expect(log).toMatch(/relm_report_started\n[^]*relm report for shop: 2026-01-01 to 2026-04-01 \(90 days\), environment production[^]*relm_report took \d+ms/);
    expect(log).toContain("Change failure rate: 50% (2 of 4 releases deployed)");

    // The HTML page, the one path of the artifacts.
    const html = result.artifact("relm-report", "relm-report.html") ?? "";
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<svg");
    expect(html).toContain('"changeFailureRate"');

    // The metrics report: GitLab's `name value` lines, too little data left out. gitlab-ci-local keeps
    // only dotenv reports, so the file is read where the job (shell executor, in the checkout) wrote it.
    const metrics = readFileSync(join(repo.dir, "metrics.txt"), "utf8").trimEnd().split("\n");
    expect(metrics).toContain("relm_releases 5");
    expect(metrics).toContain("relm_change_failure_rate_production 0.5");
    expect(metrics.some((l) => l.startsWith("relm_time_to_restore"))).toBe(false);
    for (const l of metrics) expect(l).toMatch(/^relm_[a-z0-9_]+ -?\d+(\.\d+)?$/);

    // A file registry in the checkout: not one request to GitLab.
    expect(fake.requests).toEqual([]);
  });

  it("declares the HTML page as an exposed artifact and metrics.txt as the metrics report", () => {
    const text = readFileSync(join(import.meta.dirname, "..", "templates", "report.yml"), "utf8");
    const body = parse(text.split(/^---$/m)[1] ?? "") as Record<string, ReportJob>;
    expect(body["$[[ inputs.job_name ]]"]?.artifacts).toEqual({ expire_in: "30 days", expose_as: "$[[ inputs.expose_as ]]", paths: ["relm-report.html"], reports: { metrics: "metrics.txt" } });
  });
});
