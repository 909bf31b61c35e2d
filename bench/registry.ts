// bench:registry — publishes a 1 GiB file to the file and OCI backends and prints the throughput next
// to this machine's floor: sha256sum of the file, a plain cp, and a plain HTTP upload (curl) of it to
// the same registry. Target: >= 70% of the floor's throughput, and a publishing process that peaks under
// 100 MB (Node, the modules and the streaming together).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOciRegistry } from "../packages/registry/test/support/oci-registry.ts";

const MIB = 1024 * 1024;
const size = Number(process.env.RELM_BENCH_MIB ?? 1024) * MIB;
const dir = mkdtempSync(join(tmpdir(), "relm-bench-"));
const file = join(dir, "artifact.bin");
const child = new URL("./registry-publish-child.ts", import.meta.url).pathname;
// The repository `relm publish` runs in: one release-worthy commit for the plan behind the record,
// and a .relm.yml (the test registry speaks plain HTTP), so the configuration is read as in a project.
const repo = join(dir, "repo");

function timed(command: string, args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function publish(url: string, path: string): { seconds: number; maxRssKiB: number } {
  // The compile cache from the start, as relm.js has it, so this file's own types are not stripped
  // anew (that would load the type stripper, ~17 MB, which a relm run never loads once cached).
  const env = { ...process.env, NODE_COMPILE_CACHE: join(tmpdir(), "node-compile-cache") };
  const run = spawnSync(process.execPath, [child, url, path, "1.0.0", repo], { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`publish failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as { seconds: number; maxRssKiB: number };
}

// The same command with a 7-byte file first: its peak is what relm needs before any file is read
// (Node, the modules, the configuration, the plan, the backend's client), so the rest is streaming's.
function relm(url: string, small: string): { seconds: number; maxRssKiB: number; baselineKiB: number } {
  publish(`${url}-warmup`, small); // fills the compile cache, as any earlier run of relm has
  const baseline = publish(`${url}-small`, small);
  return { ...publish(url, file), baselineKiB: baseline.maxRssKiB };
}

const mbps = (seconds: number) => size / MIB / seconds;
const row = (name: string, seconds: number, extra = "") => console.log(`${name.padEnd(34)} ${mbps(seconds).toFixed(0).padStart(6)} MiB/s  ${seconds.toFixed(2).padStart(6)} s  ${extra}`);

execFileSync("git", ["init", "-q", "-b", "main", repo]);
writeFileSync(join(repo, ".relm.yml"), "registry:\n  insecure: true\n");
execFileSync("git", ["-C", repo, "add", ".relm.yml"]);
execFileSync("git", ["-C", repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "feat: the artifact"]);
execFileSync("dd", ["if=/dev/urandom", `of=${file}`, "bs=1M", `count=${size / MIB}`, "status=none"]);
const registry = await startOciRegistry();
try {
  console.log(`relm registry benchmark: ${size / MIB} MiB of random bytes, ${statSync(file).size} bytes on disk`);
  timed("cat", [file]); // warm the page cache so every contender reads from memory
  const sha = timed("sha256sum", [file]);
  const cp = timed("cp", [file, join(dir, "copy.bin")]);
  rmSync(join(dir, "copy.bin"));
  const location = execFileSync("curl", ["-s", "-o", "/dev/null", "-D", "-", "-X", "POST", `http://${registry.host}/v2/floor/blobs/uploads/`], { encoding: "utf8" }).match(/^location: (.+)$/im)?.[1]?.trim() ?? "";
  const upload = new URL(location, `http://${registry.host}`).href;
  const curl = timed("curl", ["-s", "-f", "-o", "/dev/null", "-X", "PATCH", "-H", "content-type: application/octet-stream", "-T", file, upload]);
  row("floor: sha256sum", sha);
  row("floor: cp", cp);
  row("floor: curl PATCH upload", curl);

  const small = join(dir, "small.txt");
  writeFileSync(small, "warm-up");
  const fileRun = relm(`file:${join(dir, "registry")}`, small);
  const ociRun = relm(`oci://${registry.host}/bench/app`, small);
  const memory = (r: typeof fileRun) => `peak RSS ${(r.maxRssKiB / 1024).toFixed(0)} MB (${(r.baselineKiB / 1024).toFixed(0)} MB publishing a 7-byte file, +${((r.maxRssKiB - r.baselineKiB) / 1024).toFixed(0)} MB streaming)`;
  // relm reads, hashes and writes in one pass: its floor is the slower of hashing and moving the bytes.
  const fileFloor = Math.max(sha, cp);
  const ociFloor = Math.max(sha, curl);
  const pct = (floor: number, run: number) => `${((floor / run) * 100).toFixed(0)}%`;
  row("relm publish file:", fileRun.seconds, `${pct(fileFloor, fileRun.seconds)} of floor (cp ${pct(cp, fileRun.seconds)}, sha256sum ${pct(sha, fileRun.seconds)}); ${memory(fileRun)}`);
  row("relm publish oci:", ociRun.seconds, `${pct(ociFloor, ociRun.seconds)} of floor (curl ${pct(curl, ociRun.seconds)}, sha256sum ${pct(sha, ociRun.seconds)}); ${memory(ociRun)}`);
} finally {
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
}
