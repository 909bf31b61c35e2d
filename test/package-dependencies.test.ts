// Every package declares what it imports, and declares nothing it does not: the libraries a
// package's sources import are its dependencies (devDependencies where a bundle ships them: the
// CLI and the actions), and the root's scripts, tests and benchmarks declare theirs as well.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/replay.ts";

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  workspaces?: string[];
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === "node_modules" || entry === "dist" || entry === "fixtures") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(entry) ? [path] : [];
  });
}

/** The packages a file imports (statically, dynamically or by require), by package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\(\s*|^import\s+)"([^".][^"]*)"/gm)].map((m) => m[1] ?? "");
  return specifiers
    .filter((s) => !s.startsWith("node:") && !builtinModules.includes(s.split("/")[0] ?? ""))
    .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : (s.split("/")[0] ?? "")));
}

const workspaceDirs = ["packages", "actions"].flatMap((d) => readdirSync(join(repoRoot, d)).map((p) => join(repoRoot, d, p))).filter((d) => statSync(join(d, "package.json"), { throwIfNoEntry: false }));
const bundled = (m: Manifest) => m.name === "relm" || workspaceDirs.some((d) => d.includes(`${join("actions", "")}`) && manifest(d).name === m.name);

describe("package dependencies", () => {
  it.each(workspaceDirs.map((d) => [relative(repoRoot, d), d]))("%s declares every package its sources import, and no runtime dependency it does not import", (_name, dir) => {
    const m = manifest(dir);
    const declared = new Set(Object.keys({ ...m.dependencies, ...m.peerDependencies, ...(bundled(m) ? m.devDependencies : {}) }));
    const used = new Set(sources(join(dir, "src")).flatMap(importsOf));
    expect([...used].filter((u) => !declared.has(u)).sort(), "imported, not declared").toEqual([]);
    const runtime = Object.keys(m.dependencies ?? {});
    expect(runtime.filter((d) => !used.has(d)).sort(), "declared, not imported").toEqual([]);
    // Types are for the compiler: never a runtime dependency.
    expect(runtime.filter((d) => d.startsWith("@types/"))).toEqual([]);
  });

  // The actions run their committed dist and are never installed; the CLI is installed from npm,
  // where each runtime dependency would be one more fetch (and one more 404 for a private package).
  it("the published relm package ships as one bundle: no runtime dependencies for npm to fetch", () => {
    const cli = workspaceDirs.map(manifest).find((m) => m.name === "relm");
    expect(cli?.dependencies ?? {}).toEqual({});
  });

  it("the root's scripts, tests and benchmarks declare what they import; the root has no runtime dependencies", () => {
    const root = manifest(repoRoot);
    expect(root.dependencies).toBeUndefined();
    const workspaceNames = new Set(workspaceDirs.map((d) => manifest(d).name));
    const declared = new Set(Object.keys(root.devDependencies ?? {}));
    const files = ["scripts", "test", "bench"].flatMap((d) => sources(join(repoRoot, d))).filter((f) => !f.includes(`${join("test", "fixtures")}`));
    const used = new Set(files.flatMap(importsOf));
    expect([...used].filter((u) => !declared.has(u) && !workspaceNames.has(u)).sort()).toEqual([]);
  });
});
