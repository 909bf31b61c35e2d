// The HTML report as a person sees it: rendered by headless Chromium (Debian's chromium), its charts
// drawn with axis labels, no console error, no request beyond the file itself, and a screenshot kept.
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_WINDOW, reportFixture } from "./support/report-fixture.ts";
import { repoRoot } from "./support/replay.ts";
import { runRelm } from "./support/run-relm.ts";

/** Where tests leave what a person may want to look at (kept as a CI artifact). */
const outputDir = join(process.env.RELM_TEST_OUTPUT ?? join(repoRoot, "test-output"), "report");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Drawn {
  id: string;
  bars: number;
  width: number;
  labels: string[];
}

describe("the HTML report in a browser", () => {
  let fixture: Awaited<ReturnType<typeof reportFixture>>;
  let browser: Browser;
  const file = join(outputDir, "report.html");
  beforeAll(async () => {
    fixture = await reportFixture();
    mkdirSync(outputDir, { recursive: true });
    const run = runRelm(["report", "--registry", `file:${fixture.dir}`, "--since", FIXTURE_WINDOW.since, "--until", FIXTURE_WINDOW.until, "--format", "html", "--out", file], { cwd: outputDir });
    expect(run.code, run.stderr).toBe(0);
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
    fixture?.cleanup();
  });

  it("is one self-contained file: no script to run, nothing fetched from elsewhere", () => {
    const text = readFileSync(file, "utf8");
    expect(text).not.toMatch(/<script(?![^>]*type="application\/json")/);
    expect(text).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
  });

  it("draws every chart with bars and axis labels, shows the figures, logs no error, and leaves a screenshot", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${String(e)}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    const charts = await page.$$eval("svg.chart", (svgs) =>
      svgs.map((s) => ({ id: s.id, bars: s.querySelectorAll("rect.bar").length, width: s.getBoundingClientRect().width, labels: [...s.querySelectorAll(".axis-label")].map((t) => t.textContent ?? "") })),
    );
    expect(charts.map((c: Drawn) => c.id)).toEqual(["chart-releases", "chart-lead-time", "chart-failures"]);
    // Releases: five releases in five weeks, one bump each. Lead time: 4, 24, 48, 216 h and 7, 28, 50,
    // 218 h each fill three buckets (4–24 h, 1–3 d, 1–4 w). Failures: deployed 4, failed 2, restored 2.
    expect(charts.map((c: Drawn) => c.bars)).toEqual([5, 6, 3]);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.labels.every((l: string) => l.length > 0), c.id).toBe(true);
    }
    expect(charts[0]?.labels).toEqual(["ISO week (UTC)", "releases"]);
    const figures = await page.$$eval("table tbody tr", (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? "")));
    expect(figures).toContainEqual(expect.arrayContaining(["Change failure rate, production", "50%", "4"]));
    expect(figures).toContainEqual(expect.arrayContaining(["Lead time, commit to release, median", "36 h", "4"]));
    expect(figures).toContainEqual(expect.arrayContaining(["Time to restore, median", "n/a (too little data: 2 restored failure(s) (at least 3 needed))"]));

    const shot = join(outputDir, "report.png");
    rmSync(shot, { force: true });
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });
});
