// The replayed histories carry paths, not file contents, so a monorepo's dependency graph is not in
// them. This writes it beside the history: for every published version of each package, its
// dependencies on the other packages of the same repository (dependencies, devDependencies,
// optionalDependencies), as the registry's manifests of that version say.
// Usage: node scripts/fidelity-manifests.ts conventional-changelog
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

/** The npm packages each replayed monorepo released (its tag names' packages). */
const packagesOf: Record<string, string[]> = {
  "conventional-changelog": [
    "conventional-changelog",
    "conventional-changelog-angular",
    "conventional-changelog-atom",
    "conventional-changelog-cli",
    "conventional-changelog-codemirror",
    "conventional-changelog-conventionalcommits",
    "conventional-changelog-core",
    "conventional-changelog-ember",
    "conventional-changelog-eslint",
    "conventional-changelog-express",
    "conventional-changelog-jquery",
    "conventional-changelog-jshint",
    "conventional-changelog-preset-loader",
    "conventional-changelog-writer",
    "conventional-commits-filter",
    "conventional-commits-parser",
    "conventional-recommended-bump",
    "git-raw-commits",
    "git-semver-tags",
    "gulp-conventional-changelog",
    "standard-changelog",
  ],
};

const FIELDS = ["dependencies", "devDependencies", "optionalDependencies"] as const;
type Deps = Partial<Record<(typeof FIELDS)[number], Record<string, string>>>;

const project = process.argv[2] ?? "";
const names = packagesOf[project];
if (names === undefined) throw new Error(`no package list for ${JSON.stringify(project)}; known: ${Object.keys(packagesOf).join(", ")}`);
const internal = new Set(names);
const out: Record<string, Record<string, Deps>> = {};
for (const name of names) {
  const text = execFileSync("npm", ["view", `${name}@>=0.0.0-0`, "version", ...FIELDS, "--json"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const parsed = JSON.parse(text) as (Deps & { version: string }) | Array<Deps & { version: string }>;
  const versions: Record<string, Deps> = {};
  for (const v of Array.isArray(parsed) ? parsed : [parsed]) {
    const deps: Deps = {};
    for (const field of FIELDS) {
      const kept = Object.fromEntries(Object.entries(v[field] ?? {}).filter(([dep]) => internal.has(dep)));
      if (Object.keys(kept).length > 0) deps[field] = kept;
    }
    versions[v.version] = deps;
  }
  out[name] = versions;
}
const file = join(repoRoot, "test", "fixtures", "histories", `${project}.manifests.json`);
writeFileSync(file, `${JSON.stringify({ format: "relm-manifests/1", project, packages: out }, null, 1)}\n`);
console.log(`${file}: ${names.length} packages, ${Object.values(out).reduce((n, v) => n + Object.keys(v).length, 0)} versions`);
