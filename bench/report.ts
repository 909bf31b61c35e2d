// bench:report — the KPI report over a chain of RELM_BENCH_RELEASES releases (default 10,000) with
// their deployments and back-outs, beside reading (and verifying) the chain alone. Target: the report
// costs under 2x the read, in time and in peak memory. Each runs RELM_BENCH_ROUNDS times (default 3)
// in a fresh process, interleaved; medians are quoted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileRegistry } from "@relm/registry";
import { writeBenchChain } from "./report-chain.ts";

const releases = Number(process.env.RELM_BENCH_RELEASES ?? 10_000);
const rounds = Math.max(1, Number(process.env.RELM_BENCH_ROUNDS ?? 3));
const dir = mkdtempSync(join(tmpdir(), "relm-bench-report-"));
const child = new URL("./report-child.ts", import.meta.url).pathname;

interface Run {
  size: number;
  seconds: number;
  maxRssKiB: number;
}

function run(mode: "read" | "report"): Run {
  const env = { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), "node-compile-cache") };
  const r = spawnSync(process.execPath, [child, mode, dir], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as Run;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

try {
  const written = Date.now();
  const entries = await writeBenchChain(fileRegistry(`file:${dir}`, dir), releases);
  console.log(`chain: ${releases} releases, ${entries} entries, written in ${((Date.now() - written) / 1000).toFixed(1)} s`);
  const runs: Record<"read" | "report", Run[]> = { read: [], report: [] };
  for (let i = 0; i < rounds; i++) for (const mode of ["read", "report"] as const) runs[mode].push(run(mode));
  const read = { seconds: median(runs.read.map((r) => r.seconds)), mb: median(runs.read.map((r) => r.maxRssKiB)) / 1024 };
  const report = { seconds: median(runs.report.map((r) => r.seconds)), mb: median(runs.report.map((r) => r.maxRssKiB)) / 1024 };
  console.log(`read the chain:  ${read.seconds.toFixed(3)} s, peak ${read.mb.toFixed(0)} MB`);
  console.log(`report (+ HTML): ${report.seconds.toFixed(3)} s, peak ${report.mb.toFixed(0)} MB`);
  const time = report.seconds / read.seconds;
  const memory = report.mb / read.mb;
  console.log(`ratio: time ${time.toFixed(2)}x, memory ${memory.toFixed(2)}x (target under 2x): ${time < 2 && memory < 2 ? "ok" : "MISSED"}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
