// Record text in the rendered report is data: escaped in HTML, invisibles shown, formulas defused in CSV.
import { describe, expect, it } from "vitest";
import { computeReport, type Report } from "@relm/core";
import { reportCsv, reportHtml, reportText } from "../src/index.ts";

function hostile(): Report {
  const r = computeReport({ records: [], events: [], entries: [], problems: [] }, { since: "2026-01-01T00:00:00Z", until: "2026-02-01T00:00:00Z", environment: "prod<b>" });
  r.overrides.push({ version: "1.0.0", at: "2026-01-02T00:00:00Z", by: "mallory", via: "input", reason: "</li><script>alert(1)</script> ok\u202Egnp.exe", lifted: [] });
  r.gateRefusals.byCode["=HYPERLINK(\"x\")"] = 1;
  return r;
}

describe("the report renderers", () => {
  it("escapes record text in HTML and shows bidi controls", () => {
    const page = reportHtml(hostile());
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("\u202E");
    expect(page).toContain("prod&lt;b&gt;");
    // The embedded JSON cannot close its own script element.
    expect(page.match(/<\/script>/g)).toHaveLength(1);
  });

  it("shows invisibles in text, and says an empty window has too little data", () => {
    const text = reportText(hostile());
    expect(text).not.toContain("\u202E");
    expect(text).toContain("Change failure rate: n/a (too little data: 0 release(s) deployed to prod<b> (at least 3 needed))");
  });

  it("defuses a spreadsheet formula in CSV", () => {
    const r = hostile();
    r.releases.weekly.unshift({ period: "=1+1", start: "2026-01-01T00:00:00Z", releases: 0, byBump: {}, byRisk: {} });
    expect(reportCsv(r)).toContain("\r\nreleases per week,'=1+1,");
  });
});
