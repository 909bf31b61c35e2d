// `npm run build:cli` (and `prepare`, so `npm ci` does it): bundles the CLI with @vercel/ncc into
// packages/cli/dist, one chunk per command plus shared chunks, so a run loads a few files instead of
// ~100 modules and their package.json lookups. bin/relm.js uses the bundle only while every file it
// was built from is unchanged (dist/sources.json lists them); otherwise it runs the sources.
// Not committed: it would go stale with every change to any package the CLI uses.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "packages", "cli");
const defaultDist = join(cli, "dist");
const ncc = join(root, "node_modules", "@vercel", "ncc", "dist", "ncc", "cli.js");

/** What dist/sources.json holds: the build's start time and the files (relative to the repository root) it read. */
export interface BundleSources {
  builtAt: number;
  files: string[];
}

interface WebpackStats {
  modules?: { nameForCondition?: string }[];
}

/** The repository's own files among the bundled modules, and what else decides the bundle's content. */
function sourcesOf(stats: WebpackStats): string[] {
  const files = new Set<string>();
  for (const m of stats.modules ?? []) {
    const file = m.nameForCondition;
    if (!file?.startsWith(root) || file.split(sep).includes("node_modules")) continue;
    files.add(relative(root, file).split(sep).join("/"));
    // A workspace package's manifest decides how its subpaths resolve.
    const pkg = /^packages\/[^/]+\//.exec(relative(root, file).split(sep).join("/"))?.[0];
    if (pkg) files.add(`${pkg}package.json`);
  }
  // npm rewrites its hidden lockfile on every install that changes node_modules.
  for (const file of ["scripts/build-cli.ts", "tsconfig.json", "packages/cli/tsconfig.json", "node_modules/.package-lock.json"]) {
    if (existsSync(join(root, file))) files.add(file);
  }
  return [...files].sort();
}

/** Builds the bundle into `dist` (packages/cli/dist by default); returns the number of files it was built from. */
export function buildCli(dist = defaultDist): number {
  // Before reading anything: a file changed during the build is newer than the bundle.
  const builtAt = Date.now();
  const out = mkdtempSync(join(dirname(dist), ".dist-"));
  try {
    const statsFile = join(out, "stats.json");
    const run = spawnSync(process.execPath, [ncc, "build", "src/main.ts", "-o", out, "--transpile-only", "--target", "es2024", "--quiet", "--stats-out", statsFile], {
      cwd: cli,
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`ncc failed for packages/cli:\n${run.stderr}${run.stdout}`);
    const files = sourcesOf(JSON.parse(readFileSync(statsFile, "utf8")) as WebpackStats);
    rmSync(statsFile);
    const sources: BundleSources = { builtAt, files };
    writeFileSync(join(out, "sources.json"), `${JSON.stringify(sources, null, 1)}\n`);
    // Swapped by two renames, so a relm starting meanwhile finds a whole bundle or none (and runs the sources).
    const old = `${out}-old`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(out, dist);
    rmSync(old, { recursive: true, force: true });
    return files.length;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `npm pack` of packages/cli (its prepack): a fresh bundle and the JSON Schemas, which ship inside the package. */
function prepareTarball(): void {
  const count = buildCli();
  const schemas = join(cli, "schema");
  rmSync(schemas, { recursive: true, force: true });
  cpSync(join(root, "schema"), schemas, { recursive: true });
  // npm ships a LICENSE found in the package folder; the repository keeps one, at its root.
  cpSync(join(root, "LICENSE"), join(cli, "LICENSE"));
  console.log(`bundled packages/cli/dist from ${count} files; copied schema/ and LICENSE into the package`);
}

if (import.meta.main && process.argv.includes("--pack")) {
  prepareTarball();
} else if (import.meta.main) {
  // `npm ci --omit=dev` has no ncc: the CLI then runs its sources, as it always could.
  if (process.argv.includes("--if-available") && !existsSync(ncc)) {
    console.log("build:cli skipped: @vercel/ncc is not installed (relm runs from its sources)");
  } else {
    const count = buildCli();
    console.log(`bundled packages/cli/dist from ${count} files`);
  }
}
