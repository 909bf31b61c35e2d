// `npm run bench:typecheck [-- --reps 5]`: times a full typecheck of the repository with the
// TypeScript the project pins (6.x, the JavaScript compiler) next to TypeScript 7 (the native
// compiler), and checks whether 7 still offers the JavaScript API that @vercel/ncc compiles with.
// TypeScript 7 is installed on first use into node_modules/.cache (from the npm registry).
// Prints medians and the ratio; asserts nothing about time.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" }, ts7: { type: "string", default: "7" } } });
const reps = Number(values.reps);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ts6Bin = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const ts7Prefix = join(repoRoot, "node_modules", ".cache", "relm-bench-typescript7");
const ts7Package = join(ts7Prefix, "node_modules", "typescript");

if (!existsSync(join(ts7Package, "package.json"))) {
  mkdirSync(ts7Prefix, { recursive: true });
  process.stdout.write(`installing typescript@${values.ts7} for the comparison...\n`);
  execFileSync("npm", ["install", "--prefix", ts7Prefix, "--no-save", "--no-audit", "--no-fund", `typescript@${values.ts7}`], { stdio: ["ignore", "ignore", "inherit"] });
}

function version(pkg: string): string {
  return (createRequire(import.meta.url)(join(pkg, "package.json")) as { version: string }).version;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function timeOnce(bin: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, "-p", "tsconfig.json", "--noEmit"], { cwd: repoRoot, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`${bin} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  return ms;
}

const compilers = [
  { name: `TypeScript ${version(join(repoRoot, "node_modules", "typescript"))} (tsc, JavaScript)`, bin: ts6Bin, times: [] as number[] },
  { name: `TypeScript ${version(ts7Package)} (tsc, native)`, bin: join(ts7Package, "bin", "tsc"), times: [] as number[] },
];
// Alternate the two so that a busy moment of the machine hits both alike; the first round warms caches.
for (const c of compilers) timeOnce(c.bin);
for (let i = 0; i < reps; i++) for (const c of compilers) c.times.push(timeOnce(c.bin));

const [ts6, ts7] = compilers.map((c) => median(c.times)) as [number, number];
process.stdout.write(`\nfull typecheck of the repository (${reps} runs each, median wall time)\n`);
for (const c of compilers) process.stdout.write(`  ${c.name.padEnd(42)} ${median(c.times).toFixed(0).padStart(6)} ms  (min ${Math.min(...c.times).toFixed(0)} ms)\n`);
process.stdout.write(`  native / JavaScript: ${(ts7 / ts6).toFixed(2)}x the time (${(ts6 / ts7).toFixed(1)}x faster)\n`);

// @vercel/ncc compiles TypeScript through the compiler's JavaScript API (ts.transpileModule and a
// Program); the bundles of actions/* depend on it.
const api = createRequire(join(ts7Package, "package.json"))("typescript") as Record<string, unknown>;
const has = ["transpileModule", "createProgram"].map((name) => `${name}: ${typeof api[name] === "function" ? "yes" : "no"}`);
process.stdout.write(`\nJavaScript API of TypeScript ${version(ts7Package)} (what @vercel/ncc needs): ${has.join(", ")}\n`);
