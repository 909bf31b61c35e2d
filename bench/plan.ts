// `npm run bench:plan [-- --commits 25000 --reps 5 --keep --shape default|large]`: times `relm plan` (the bundled CLI, built
// first) on a long generated history next to the `git log` floor over the same range, git-cliff and
// conventional-changelog.
// Prints medians and ratios; asserts nothing about time (figures, not a timed test).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { logArgs } from "@relm/git";
import { freshBundle } from "../packages/cli/bin/fresh-bundle.js";
import { buildCli } from "../scripts/build-cli.ts";
import { generateHistory } from "../test/support/generate-history.ts";
import { gitEnv } from "../test/support/git-fixture.ts";

const { values } = parseArgs({
  options: {
    commits: { type: "string" },
    reps: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
    // large: shaped like a big real project's history (27k commits, 12k release tags, a quarter of
    // the commits from a dependency bot with 1-3 KB bodies); default: 25k commits, a tag every 60.
    shape: { type: "string", default: "default" },
  },
});
const large = values.shape === "large";
const commits = Number(values.commits ?? (large ? 27000 : 25000));
const reps = Number(values.reps);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const relmBin = join(repoRoot, "packages/cli/bin/relm.js");
const modules = join(repoRoot, "node_modules");
const conventionalChangelogBin = join(modules, "conventional-changelog/dist/cli/index.js");

/** git-cliff's own native binary (the npm wrapper only starts it): the peer at its fastest. */
function gitCliffBin(): string {
  const native = join(modules, `git-cliff-${process.platform}-${process.arch}`, "bin", "git-cliff");
  try {
    execFileSync(native, ["--version"], { stdio: "ignore" });
    return native;
  } catch {
    return join(modules, "git-cliff/lib/cli/cli.js");
  }
}

interface Tool {
  name: string;
  command: string;
  args: string[];
  cwd: string;
}

interface Timing {
  name: string;
  median: number;
  min: number;
  /** Median user+sys CPU seconds of the child, when /usr/bin/time is there (steadier on a busy machine). */
  cpu?: number;
  /** Median peak resident memory of the child in MiB (GNU time's %M). */
  rss?: number;
  outBytes: number;
}

// CPU time is steadier than wall time when other work shares the machine; GNU time reports it.
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const cpuFile = join(tmpdir(), `relm-bench-cpu-${process.pid}.txt`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function time(tool: Tool): Timing {
  const samples: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  let outBytes = 0;
  for (let i = 0; i < reps + 1; i++) {
    const [command, args] = gnuTime ? [gnuTime, ["-o", cpuFile, "-f", "%U %S %M", tool.command, ...tool.args]] : [tool.command, tool.args];
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: tool.cwd, env: gitEnv({ NO_COLOR: "1" }), maxBuffer: 1 << 30, encoding: "buffer" });
    const ms = performance.now() - start;
    if (run.status !== 0) {
      throw new Error(`${tool.name} failed (exit ${run.status}): ${run.stderr.toString("utf8").slice(0, 2000)}`);
    }
    outBytes = run.stdout.length;
    if (i === 0) continue; // the first run warms the page cache (and relm's compile cache) for every tool alike
    samples.push(ms);
    if (gnuTime) {
      const [user = 0, sys = 0, kib = 0] = readFileSync(cpuFile, "utf8").trim().split(/\s+/).map(Number);
      cpu.push(user + sys);
      rss.push(kib / 1024);
    }
  }
  return { name: tool.name, median: median(samples), min: Math.min(...samples), ...(cpu.length ? { cpu: median(cpu), rss: median(rss) } : {}), outBytes };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: gitEnv(), encoding: "utf8", maxBuffer: 1 << 30 }).trim();
}

// relm as `npm ci` leaves it: bin/relm.js runs the bundle while it is fresh, so build a stale one
// first (only then: replacing it would pull the chunks from under a relm that is running).
if (freshBundle() === undefined) buildCli();

const work = mkdtempSync(join(tmpdir(), "relm-bench-"));
try {
  const tagged = join(work, "tagged");
  const t0 = performance.now();
  const history = await generateHistory(tagged, large ? { commits, releaseEvery: 2, botShare: 0.25, seed: 2024 } : { commits, releaseEvery: 60, seed: 2024 });
  // As a clone has them: fast-import leaves one loose file per tag, a clone or fetch packs them
  // (with their peeled commits), and git reads 11k loose tags several times slower.
  git(tagged, "pack-refs", "--all");
  // The same history without tags: planning it covers every commit since the root.
  const untagged = join(work, "untagged");
  execFileSync("git", ["clone", "-q", "--no-tags", "--branch", "main", tagged, untagged], { env: gitEnv() });
  const lastTag = git(tagged, "describe", "--tags", "--abbrev=0", "HEAD");
  const total = Number(git(tagged, "rev-list", "--count", "HEAD"));
  const sinceTag = Number(git(tagged, "rev-list", "--count", `${lastTag}..HEAD`));
  console.log(`history: ${total} commits (${history.tags.length} release tags), generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`latest release: ${lastTag}..HEAD = ${sinceTag} commits; whole history: ${total} commits`);
  console.log(`node ${process.version}, git ${git(tagged, "version").replace("git version ", "")}, ${reps} timed runs each after one warm-up\n`);

  const cliff = gitCliffBin();
  const node = process.execPath;
  const scenarios: { title: string; floor: Tool[]; tools: Tool[] }[] = [
    {
      title: "latest release",
      floor: [
        { name: "git log (floor)", command: "git", args: logArgs({ from: lastTag, to: "HEAD" }), cwd: tagged },
        { name: "git log --name-only", command: "git", args: logArgs({ from: lastTag, to: "HEAD", withFiles: true }), cwd: tagged },
      ],
      tools: [
        { name: "relm plan --json", command: node, args: [relmBin, "plan", "--json", "--cwd", tagged], cwd: tagged },
        { name: "relm plan (markdown)", command: node, args: [relmBin, "plan", "--cwd", tagged], cwd: tagged },
        { name: "git-cliff --unreleased", command: cliff, args: ["--unreleased"], cwd: tagged },
        { name: "conventional-changelog", command: node, args: [conventionalChangelogBin, "-p", "conventionalcommits", "--stdout"], cwd: tagged },
      ],
    },
    {
      title: "whole history",
      floor: [
        { name: "git log (floor)", command: "git", args: logArgs({ to: "HEAD" }), cwd: untagged },
        { name: "git log --name-only", command: "git", args: logArgs({ to: "HEAD", withFiles: true }), cwd: untagged },
      ],
      tools: [
        { name: "relm plan --json", command: node, args: [relmBin, "plan", "--json", "--cwd", untagged], cwd: untagged },
        { name: "relm plan (markdown)", command: node, args: [relmBin, "plan", "--cwd", untagged], cwd: untagged },
        // Every one of 12k releases rendered takes these peers minutes; the large shape leaves them out.
        ...(large ? [] : [{ name: "git-cliff (all releases)", command: cliff, args: [], cwd: tagged }]),
        { name: "git-cliff (untagged)", command: cliff, args: [], cwd: untagged },
        ...(large ? [] : [{ name: "conventional-changelog -r 0", command: node, args: [conventionalChangelogBin, "-p", "conventionalcommits", "-r", "0", "--stdout"], cwd: tagged }]),
      ],
    },
  ];

  const fmt = (ms: number): string => `${ms.toFixed(0).padStart(7)} ms`;
  const line = (t: Timing, floor: Timing): string => {
    const cpu = t.cpu === undefined || floor.cpu === undefined ? "" : `   cpu ${t.cpu.toFixed(2).padStart(6)} s ${(t.cpu / Math.max(floor.cpu, 0.01)).toFixed(2).padStart(6)}x`;
    return `  ${t.name.padEnd(30)} ${fmt(t.median)}  (min ${fmt(t.min)})  ${(t.median / floor.median).toFixed(2).padStart(6)}x floor${cpu}   ${(t.outBytes / 1024).toFixed(0)} KiB out${t.rss === undefined ? "" : `   peak ${t.rss.toFixed(0)} MiB`}`;
  };
  console.log(`median wall time of ${reps} runs, its ratio to the git log floor${gnuTime ? ", then median user+sys CPU and its ratio" : ""}\n`);
  for (const s of scenarios) {
    console.log(`== ${s.title}`);
    const floors = s.floor.map(time);
    const floor = floors[0];
    if (!floor) continue;
    for (const f of floors) console.log(line(f, floor));
    for (const tool of s.tools) console.log(line(time(tool), floor));
    console.log("");
  }
  if (values.keep) console.log(`kept: ${work}`);
} finally {
  rmSync(cpuFile, { force: true });
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
