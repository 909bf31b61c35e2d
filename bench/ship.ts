// bench:ship — what a user's CI job pays to get relm: the tarball's size and a cold `npx` of it
// (an empty npm cache, the local tarball, so no network), beside a peer release CLI that npx
// installs from a cache primed with it (--offline, so neither side waits on the network and the peer's
// cost is its dependency tree unpacked and linked). Target (issue 11): under 5 MB and under 2 s.
//
// The peer (RELM_BENCH_PEER, default semantic-release) is fetched once from the npm registry into a
// temporary cache before timing. Contenders run RELM_BENCH_ROUNDS times (default 5), interleaved
// round by round; medians are quoted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rounds = Math.max(1, Number(process.env.RELM_BENCH_ROUNDS ?? 5));
const peer = process.env.RELM_BENCH_PEER ?? "semantic-release";
const dir = mkdtempSync(join(tmpdir(), "relm-bench-ship-"));
const cli = new URL("../packages/cli/", import.meta.url).pathname;

function npm(args: string[], cache: string, cwd = dir): { ok: boolean; out: string; seconds: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

try {
  const packed = npm(["pack", "--pack-destination", dir, "--silent"], join(dir, "pack-cache"), cli);
  if (!packed.ok) throw new Error(`npm pack failed:\n${packed.out}`);
  const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")) ?? "");
  const peerCache = join(dir, "peer-cache");
  // One npx from the registry fills the cache with the peer and its whole dependency tree.
  const primed = npm(["exec", "--yes", "--package", peer, "--", peer, "--version"], peerCache);
  if (!primed.ok) throw new Error(`could not fetch ${peer} into a temporary cache:\n${primed.out}`);

  const relmTimes: number[] = [];
  const peerTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const empty = join(dir, `empty-${round}`);
    const r = npm(["exec", "--yes", "--package", tarball, "--", "relm", "--version"], empty);
    if (!r.ok) throw new Error(`npx relm failed:\n${r.out}`);
    relmTimes.push(r.seconds);
    rmSync(empty, { recursive: true, force: true });
    // npx keeps what it installed under the cache's _npx: removed, so every round installs anew.
    rmSync(join(peerCache, "_npx"), { recursive: true, force: true });
    const p = npm(["exec", "--yes", "--offline", "--package", peer, "--", peer, "--version"], peerCache);
    if (!p.ok) throw new Error(`npx ${peer} failed:\n${p.out}`);
    peerTimes.push(p.seconds);
  }
  const peerInstalled = join(peerCache, "_npx");
  const du = spawnSync("du", ["-sb", peerInstalled], { encoding: "utf8" }).stdout.split("\t")[0] ?? "0";
  const relmMedian = median(relmTimes);
  const peerMedian = median(peerTimes);
  console.log(`rounds: ${rounds}`);
  console.log(`relm tarball: ${mb(statSync(tarball).size)} (target < 5 MB); ${peer}'s npx install: ${mb(Number(du))} on disk`);
  console.log(`cold npx relm --version (empty cache, local tarball): median ${relmMedian.toFixed(2)} s (target < 2 s) [${relmTimes.map((t) => t.toFixed(2)).join(", ")}]`);
  console.log(`cold npx ${peer} --version (primed cache, --offline): median ${peerMedian.toFixed(2)} s [${peerTimes.map((t) => t.toFixed(2)).join(", ")}]`);
  console.log(`ratio relm / ${peer}: ${(relmMedian / peerMedian).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
