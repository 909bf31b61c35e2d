// bench:registry — publishes a 1 GiB file to the file and OCI backends and prints the throughput next
// to this machine's floor: sha256sum of the file, a plain cp, and a plain HTTP upload (curl) of it to
// the same registry. Target: >= 70% of the floor's throughput, and a publishing process that peaks under
// 100 MB (Node, the modules and the streaming together).
//
// Every contender runs RELM_BENCH_ROUNDS times (default 3), interleaved round by round so that a slow
// spell of the machine (a shared disk, a busy neighbour) falls on all of them alike; medians are quoted.
// RELM_BENCH_MIB sets the file's size (default 1024).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOciRegistry } from "../packages/registry/test/support/oci-registry.ts";

const MIB = 1024 * 1024;
const size = Number(process.env.RELM_BENCH_MIB ?? 1024) * MIB;
const rounds = Math.max(1, Number(process.env.RELM_BENCH_ROUNDS ?? 3));
const dir = mkdtempSync(join(tmpdir(), "relm-bench-"));
const file = join(dir, "artifact.bin");
const small = join(dir, "small.txt");
const child = new URL("./registry-publish-child.ts", import.meta.url).pathname;
// The repository `relm publish` runs in: one release-worthy commit for the plan behind the record,
// and a .relm.yml (the test registry speaks plain HTTP), so the configuration is read as in a project.
const repo = join(dir, "repo");

interface Run {
  seconds: number;
  maxRssKiB: number;
}

function timed(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function publish(url: string, path: string): Run {
  // The compile cache from the start, as relm.js has it, so this file's own types are not stripped
  // anew (that would load the type stripper, ~17 MB, which a relm run never loads once cached).
  const env = { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), "node-compile-cache") };
  const run = spawnSync(process.execPath, [child, url, path, "1.0.0", repo], { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`publish failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as Run;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** A plain HTTP upload of the file into a fresh upload session: POST opens it, curl PATCHes the bytes. */
function curlUpload(host: string, repository: string): number {
  const headers = execFileSync("curl", ["-s", "-o", "/dev/null", "-D", "-", "-X", "POST", `http://${host}/v2/${repository}/blobs/uploads/`], { encoding: "utf8" });
  const upload = new URL(headers.match(/^location: (.+)$/im)?.[1]?.trim() ?? "", `http://${host}`).href;
  return timed("curl", ["-s", "-f", "-o", "/dev/null", "-X", "PATCH", "-H", "content-type: application/octet-stream", "-T", file, upload]);
}

execFileSync("git", ["init", "-q", "-b", "main", repo]);
writeFileSync(join(repo, ".relm.yml"), "registry:\n  insecure: true\n");
execFileSync("git", ["-C", repo, "add", ".relm.yml"]);
execFileSync("git", ["-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "feat: the artifact"]);
execFileSync("dd", ["if=/dev/urandom", `of=${file}`, "bs=1M", `count=${size / MIB}`, "status=none"]);
writeFileSync(small, "warm-up");
const registry = await startOciRegistry();
try {
  console.log(`relm registry benchmark: ${size / MIB} MiB of random bytes (${statSync(file).size} bytes), ${rounds} rounds, medians`);
  timed("cat", [file]); // warm the page cache so every contender reads from memory

  // A publish of a 7-byte file: its time is what a publish costs whatever the size (start, plan,
  // configuration, the registry's lock and record), its peak what relm needs before any file is read.
  const fixed = { file: [] as Run[], oci: [] as Run[] };
  publish(`file:${join(dir, "warmup")}`, small); // fills the compile cache, as any earlier run of relm has
  publish(`oci://${registry.host}/bench/warmup`, small);
  for (let r = 0; r < rounds; r++) {
    fixed.file.push(publish(`file:${join(dir, `small-${r}`)}`, small));
    fixed.oci.push(publish(`oci://${registry.host}/bench/small-${r}`, small));
  }

  const t = { sha: [] as number[], cp: [] as number[], curl: [] as number[], file: [] as Run[], oci: [] as Run[] };
  for (let r = 0; r < rounds; r++) {
    t.sha.push(timed("sha256sum", [file]));
    t.cp.push(timed("cp", [file, join(dir, "copy.bin")]));
    rmSync(join(dir, "copy.bin"));
    t.curl.push(curlUpload(registry.host, `floor-${r}`));
    t.file.push(publish(`file:${join(dir, "registry")}`, file));
    rmSync(join(dir, "registry"), { recursive: true, force: true });
    t.oci.push(publish(`oci://${registry.host}/bench/app-${r}`, file));
  }

  const mbps = (seconds: number) => size / MIB / seconds;
  const spread = (xs: readonly number[]) => (xs.length > 1 ? `(${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)} s)` : "");
  const row = (name: string, xs: readonly number[], extra = "") => {
    const m = median(xs);
    console.log(`${name.padEnd(28)} ${mbps(m).toFixed(0).padStart(6)} MiB/s  ${m.toFixed(2).padStart(6)} s ${spread(xs).padEnd(15)} ${extra}`);
  };
  const pct = (floor: number, run: number) => `${((floor / run) * 100).toFixed(0)}%`;
  const [sha, cp, curl] = [median(t.sha), median(t.cp), median(t.curl)];
  row("floor: sha256sum", t.sha);
  row("floor: cp", t.cp);
  row("floor: curl PATCH upload", t.curl);
  for (const [name, runs, floorName, floor] of [["file", t.file, "cp", cp], ["oci", t.oci, "curl", curl]] as const) {
    const seconds = runs.map((x) => x.seconds);
    const whole = median(seconds);
    // relm reads, hashes and moves the bytes in one pass: its floor is the slower of hashing and moving them.
    const floorSeconds = Math.max(sha, floor);
    const peak = Math.max(...runs.map((x) => x.maxRssKiB)) / 1024;
    const base = Math.max(...fixed[name].map((x) => x.maxRssKiB)) / 1024;
    const fixedSeconds = median(fixed[name].map((x) => x.seconds));
    row(`relm publish ${name}:`, seconds, `${pct(floorSeconds, whole)} of floor (${floorName} ${pct(floor, whole)}, sha256sum ${pct(sha, whole)}); peak RSS ${peak.toFixed(0)} MB (${base.toFixed(0)} MB publishing a 7-byte file, +${(peak - base).toFixed(0)} MB streaming)`);
    console.log(`${"".padEnd(28)} of which ${fixedSeconds.toFixed(2)} s is what any ${name}: publish costs (a 7-byte file: start, plan, lock, record); the bytes alone move at ${mbps(whole - fixedSeconds).toFixed(0)} MiB/s = ${pct(floorSeconds, whole - fixedSeconds)} of floor`);
  }
} finally {
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
}
