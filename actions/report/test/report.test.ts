import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { publishRelease } from "@relm/core";
import { fileRegistry } from "@relm/registry";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { writeReportFixture, FIXTURE_WINDOW } from "../../../test/support/report-fixture.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
// The fixture's window, so the figures are the hand-computed ones of report-figures.test.ts.
const window = { since: FIXTURE_WINDOW.since.slice(0, 10), until: FIXTURE_WINDOW.until.slice(0, 10) };
beforeEach(async () => {
  repo = createGitFixture();
  // The project is read from .relm.yml: the report counts its releases only.
  repo.commit("feat: first", { files: { ".relm.yml": "project: shop\n" } });
  // The default registry, file:.relm/registry, inside the checkout.
  await writeReportFixture(join(repo.dir, ".relm", "registry"));
  fake = await startFakeGitHub();
  fake.readOnly = true;
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const api = () => ({ url: fake.url, token: fake.token, repository: "octo-org/shop" });
const report = (inputs: Record<string, string>, action = "report") => runBundledAction({ action, workspace: repo.dir, api: api(), sha: repo.head(), inputs: { ...window, ...inputs } });

/** The summary's lines outside its fenced blocks, as CommonMark closes them: all that GitHub reads as Markdown. */
function outsideFences(summary: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of summary.split("\n")) {
    const run = /^ {0,3}(`{3,})/.exec(line)?.[1];
    if (fence === undefined && run) fence = run;
    // A closing fence is any run of at least as many backticks, alone on its line.
    else if (fence !== undefined && /^ {0,3}`+\s*$/.test(line) && line.trim().length >= fence.length) fence = undefined;
    else if (fence === undefined) out.push(line);
  }
  expect(fence, "every fence is closed").toBeUndefined();
  return out;
}

it("writes the text report to the job summary, the HTML page to html-path and the figures to the outputs", async () => {
  const run = await report({});
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.summary).toContain("## relm report");
  expect(run.summary).toContain("```text\nrelm report for shop: 2026-01-01 to 2026-04-01 (90 days), environment production\n");
  expect(run.summary).toContain("Change failure rate: 50% (2 of 4 releases deployed)");
  expect(run.summary).toContain("Lead time, first commit to production: median 39 h, p90 218 h (over 4)");
  expect(run.summary).toContain("Time to restore: n/a (too little data");
  const html = join(repo.dir, "relm-report.html");
  expect(run.outputs["html-path"]).toBe(html);
  const page = readFileSync(html, "utf8");
  expect(page).toMatch(/^<!doctype html>/i);
  expect(page).toContain("<svg");
  const embedded = /<script type="application\/json" id="relm-report">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
  expect(JSON.parse(embedded)).toMatchObject({ schema: "relm.report/1", changeFailureRate: { value: 0.5, over: 4 } });
  expect(run.outputs).toMatchObject({ releases: "5", "change-failure-rate": "0.5", "deployment-frequency": "0.311", "lead-time-hours": "39" });
  // Too little data is an empty output, never a 0 a dashboard would plot.
  expect(run.outputs["time-to-restore-hours"]).toBe("");
  expect(JSON.parse(run.outputs.report ?? "{}")).toMatchObject({ schema: "relm.report/1", environment: "production", releases: { total: { value: 5 } } });
  // A file registry is read from the checkout: not one request to GitHub.
  expect(fake.requests).toEqual([]);
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("measures the environment it is given and writes the page where html-path says, creating its folder", async () => {
  const run = await report({ environment: "staging", "html-path": "reports/kpi/relm.html" });
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs["html-path"]).toBe(join(repo.dir, "reports", "kpi", "relm.html"));
  expect(existsSync(join(repo.dir, "reports", "kpi", "relm.html"))).toBe(true);
  expect(run.summary).toContain("environment staging");
  // One release deployed to staging: too little data for a rate.
  expect(run.outputs["change-failure-rate"]).toBe("");
  expect(JSON.parse(run.outputs.report ?? "{}")).toMatchObject({ environment: "staging", changeFailureRate: { value: null, over: 1 } });
});

it("keeps record text that closes a fence, holds HTML or looks like a workflow command inert", async () => {
  const registry = fileRegistry(`file:${join(repo.dir, ".relm", "registry")}`, repo.dir);
  const reason = "````\n<img src=x onerror=alert(1)> @octo-org/everyone\n::set-output name=releases::99\n````";
  const at = "2026-03-10T10:00:00Z";
  const sha = "9".repeat(40);
  const gate = { allowed: true, decision: { allowed: true, riskClass: { name: "emergency", because: "test" }, activeFreezes: [], override: { by: "mallory", reason, lifted: ["RELM_GATE_FREEZE"], via: "input", accepted: true, at, rules: ["freeze"] } } };
  await publishRelease({ release: { project: "shop", version: "2.1.0", tag: "v2.1.0", commit: sha, range: { to: sha }, notes: "x", created: at, gate }, artifacts: [], now: at }, { registry });
  const run = await report({});
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs.releases).toBe("6");
  expect(run.summary).toContain("onerror");
  // The reason's own fence lines are in the text, so the summary's fence must be longer.
  expect(run.summary).toMatch(/^`````text\n[\s\S]*^````$/m);
  const markdown = outsideFences(run.summary).join("\n");
  expect(markdown).toContain("## relm report");
  expect(markdown).not.toMatch(/onerror|@octo-org|set-output/);
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
  expect(readFileSync(join(repo.dir, "relm-report.html"), "utf8")).not.toContain("<img");
});

it("fails naming the input when the window is not one (exit code 2)", async () => {
  const run = await report({ since: "last tuesday" });
  expect(run.code).toBe(2);
  expect(run.stdout).toMatch(/::error::RELM_REPORT_WINDOW: input since "last tuesday" is neither a duration nor a date/);
  expect(existsSync(join(repo.dir, "relm-report.html"))).toBe(false);
});

it("runs as step report of the root action, with the same outputs", async () => {
  const run = await report({ step: "report" }, "root");
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs).toMatchObject({ releases: "5", "change-failure-rate": "0.5", "html-path": join(repo.dir, "relm-report.html") });
  expect(run.summary).toContain("Change failure rate: 50%");
});
