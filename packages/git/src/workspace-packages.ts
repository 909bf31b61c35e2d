// node:fs's synchronous calls, not node:fs/promises: these are small files, and fs/promises loads
// another eight of Node's modules (readline, watchers) that nothing else in a plan needs.
import { globSync, readFileSync } from "node:fs";
import { join, posix, sep } from "node:path";
import { RelmError } from "@relm/core/errors";
import { compareText } from "@relm/core/notes/compare-text";

export interface WorkspacePackage {
  /** The `name` in the package's package.json. */
  name: string;
  /** Directory relative to the root, with forward slashes (as git prints paths). */
  path: string;
}

function workspacePatterns(manifest: unknown): string[] {
  if (typeof manifest !== "object" || manifest === null) return [];
  const ws = (manifest as { workspaces?: unknown }).workspaces;
  const list = Array.isArray(ws) ? ws : typeof ws === "object" && ws !== null ? (ws as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string") : [];
}

function readJson(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RelmError("RELM_WORKSPACE_MANIFEST", "config", `${file} is not valid JSON`, { cause: error, details: [{ where: file, message: (error as Error).message }] });
  }
}

/**
 * The packages of an npm (or yarn) workspaces root: each `workspaces` glob in the root package.json
 * that leads to a package.json with a name. `!pattern` entries exclude. No manifest, no packages.
 */
export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  let manifest: unknown;
  try {
    manifest = readJson(join(root, "package.json"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const patterns = workspacePatterns(manifest).map((p) => p.replace(/^\.\//, "").replace(/\/+$/, ""));
  const include = patterns.filter((p) => !p.startsWith("!"));
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => p.slice(1));
  if (include.length === 0) return [];
  const found = new Map<string, WorkspacePackage>();
  const manifests = globSync(include.map((p) => `${p}/package.json`), { cwd: root, exclude: (f) => f.split(/[\\/]/).includes("node_modules") });
  for (const file of manifests) {
    const dir = posix.dirname(file.split(sep).join("/"));
    if (exclude.some((x) => posix.matchesGlob(dir, x))) continue;
    const pkg = readJson(join(root, file));
    const name = typeof pkg === "object" && pkg !== null ? (pkg as { name?: unknown }).name : undefined;
    if (typeof name === "string" && name !== "") found.set(dir, { name, path: dir });
  }
  return [...found.values()].sort((a, b) => compareText(a.path, b.path));
}
