import { compareText } from "../notes/compare-text.ts";
import type { PackageConfig } from "../policy/versioning-schema.ts";

/** A package of the repository as the planner sees it. */
export interface PlannedPackage {
  name: string;
  /** Directory relative to the root, forward slashes, no trailing slash; "." for the root. */
  path: string;
  tagFormat: string;
}

export function normalisePath(path: string): string {
  const p = path.replace(/\\/g, "/").replace(/^\.\/+/, "").replace(/\/+$/, "");
  return p === "" ? "." : p;
}

/**
 * Packages from npm workspace manifests (the adapter reads package.json files; this only decides):
 * each entry is a package directory and its parsed package.json. Entries without a name are skipped.
 */
export function packagesFromManifests(entries: ReadonlyArray<{ path: string; manifest: unknown }>): PackageConfig[] {
  const out: PackageConfig[] = [];
  for (const { path, manifest } of entries) {
    const name = typeof manifest === "object" && manifest !== null ? (manifest as { name?: unknown }).name : undefined;
    if (typeof name === "string" && name !== "") out.push({ name, path: normalisePath(path) });
  }
  return out.sort((a, b) => compareText(a.path, b.path));
}

/**
 * Which package owns a path: the one with the longest matching directory (nested packages win over
 * their parents; "." takes what no other package claims). Undefined when no package does.
 */
export function packageOwning<P extends Pick<PlannedPackage, "path">>(path: string, packages: readonly P[]): P | undefined {
  let best: P | undefined;
  let bestLength = -1;
  for (const p of packages) {
    const length = p.path === "." ? 0 : path === p.path || path.startsWith(`${p.path}/`) ? p.path.length : -1;
    if (length > bestLength) {
      best = p;
      bestLength = length;
    }
  }
  return best;
}

/** The packages a commit belongs to, by the paths it changes. */
export function packagesTouched(files: readonly string[], packages: readonly PlannedPackage[]): Set<PlannedPackage> {
  const owners = new Set<PlannedPackage>();
  for (const f of files) {
    const owner = packageOwning(f, packages);
    if (owner) owners.add(owner);
  }
  return owners;
}
