// One measured run for bench/report.ts: "read" reads and verifies the chain (what any chain reader
// pays), "report" computes the KPI report over all of it and renders it as HTML. Prints seconds and
// peak RSS as JSON.
import { reportReleases, verifyChain } from "@relm/core";
import { fileRegistry } from "@relm/registry";
import { reportHtml } from "@relm/report";

const [mode, dir = ""] = process.argv.slice(2);
const registry = fileRegistry(`file:${dir}`, dir);
const started = process.hrtime.bigint();
let size: number;
if (mode === "read") {
  const chain = verifyChain(await registry.records(), await registry.head());
  size = chain.entries.length;
} else {
  const report = await reportReleases({ since: "2019-01-01T00:00:00Z", until: "2030-01-01T00:00:00Z", environment: "production" }, { registry });
  size = reportHtml(report).length;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ mode, size, seconds, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
