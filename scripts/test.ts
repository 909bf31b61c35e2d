// Runs vitest and ends with the plain `N passed, N failed` line CI reads (vitest's own summary is not recognised).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  success: boolean;
  testResults: { status: string; assertionResults: { status: string }[] }[];
}

const dir = mkdtempSync(join(tmpdir(), "relm-test-"));
const out = join(dir, "vitest.json");
const run = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
let report: VitestJson | undefined;
try {
  report = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
} catch {
  report = undefined;
}
rmSync(dir, { recursive: true, force: true });
if (!report) {
  console.log("0 passed, 1 failed");
  process.exit(run.status === 0 ? 1 : (run.status ?? 1));
}
// A file that fails to load has no failed tests of its own; count it so the line cannot read green.
const brokenFiles = report.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
const failed = report.numFailedTests + brokenFiles;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(run.status ?? 1);
