import { semver } from "./semver.ts";
import { semverRanges } from "./semver-ranges.ts";
import { planPackage, type PackageOutcome, type PackagePlanInput } from "./package-plan.ts";
import type { DependencyUpdate } from "./release-plan.ts";
import type { ReleaseType } from "./release-rules.ts";

/**
 * The manifest fields whose workspace entries make a package a dependent, as lerna's package graph
 * reads them. peerDependencies are left out (lerna leaves them out too): a peer range is a promise
 * to the consumer, usually wide, and widening it is a deliberate change, not a consequence.
 */
export const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies"] as const;

/** One workspace package's manifest as read at the target commit (the adapter reads; this decides). */
export interface WorkspaceManifest {
  /** The planned package's name (its label in the plan, which may differ from the npm name). */
  package: string;
  /** Directory relative to the root, forward slashes; "." for the root. */
  path: string;
  /** The parsed package.json, undefined when there is none. */
  manifest: unknown;
  /** The package's last release from its tags, which stands for its version when the manifest has none. */
  releasedVersion?: string;
}

/** For each package, the workspace packages it depends on (by planned name). */
export type DependencyGraph = ReadonlyMap<string, ReadonlySet<string>>;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `a/b/../c` → `a/c`, relative to the repository root; undefined when it climbs out of the root. */
function joinPath(base: string, relative: string): string | undefined {
  const parts = base === "." ? [] : base.split("/");
  for (const part of relative.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? "." : parts.join("/");
}

/**
 * Whether a dependency spec resolves to the workspace copy of a package rather than to the registry:
 * the workspace protocol, a file:/link: path to its directory, or a semver range its version
 * satisfies (npm links a workspace package only then, and lerna draws the edge only then).
 */
function resolvesLocally(spec: string, from: string, target: { path: string; versions: string[] }): boolean {
  if (spec.startsWith("workspace:")) return true;
  const local = /^(?:file|link):(.*)$/.exec(spec);
  if (local) return joinPath(from, local[1] ?? "") === target.path;
  if (semverRanges.validRange(spec) === null) return false;
  return target.versions.some((v) => semverRanges.satisfies(v, spec));
}

/**
 * The workspace dependency graph from the packages' manifests: B depends on A when one of B's
 * dependency fields names A's npm name with a spec that resolves to the workspace copy. Pure.
 */
export function dependencyGraph(manifests: readonly WorkspaceManifest[]): DependencyGraph {
  const byNpmName = new Map<string, { package: string; path: string; versions: string[] }>();
  for (const m of manifests) {
    const fields = record(m.manifest);
    const name = fields?.["name"];
    if (typeof name !== "string" || name === "") continue;
    const own = fields?.["version"];
    const versions = [typeof own === "string" ? semver.valid(own) : null, m.releasedVersion ?? null].filter((v): v is string => v !== null);
    byNpmName.set(name, { package: m.package, path: m.path, versions });
  }
  const graph = new Map<string, Set<string>>();
  for (const m of manifests) {
    const fields = record(m.manifest);
    const deps = new Set<string>();
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, spec] of Object.entries(record(fields?.[field]) ?? {})) {
        const target = byNpmName.get(name);
        if (target === undefined || target.package === m.package || typeof spec !== "string") continue;
        if (resolvesLocally(spec.trim(), m.path, target)) deps.add(target.package);
      }
    }
    if (deps.size > 0) graph.set(m.package, deps);
  }
  return graph;
}

/**
 * The packages that must be released because something they depend on is: every dependent of a
 * released package, transitively, that is not released already. Cycles end where they start.
 */
export function releasedDependents(graph: DependencyGraph, released: ReadonlySet<string>): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const [pkg, deps] of graph) {
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(pkg);
      else dependents.set(dep, [pkg]);
    }
  }
  const out = new Set<string>();
  const queue = [...released];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const dependent of dependents.get(next) ?? []) {
      if (released.has(dependent) || out.has(dependent)) continue;
      out.add(dependent);
      queue.push(dependent);
    }
  }
  return out;
}

/**
 * The plans that change because of dependents: each unreleased dependent of a released package
 * planned again with at least `bump`, and every released package whose workspace dependencies are
 * released too planned again with them listed in its notes. Keyed by package; the rest is unchanged.
 */
export function planDependents(
  inputs: ReadonlyMap<string, PackagePlanInput>,
  outcomes: ReadonlyMap<string, PackageOutcome>,
  graph: DependencyGraph,
  bump: ReleaseType,
  /** The newest commit date of the plan: the notes date of a dependent with no commit of its own. */
  newestDate: string | undefined,
): Map<string, PackageOutcome> {
  const planned = new Map(inputs);
  const changed = new Map<string, PackageOutcome>();
  const released = new Set([...outcomes].filter(([, o]) => o.plan.released).map(([name]) => name));
  for (const name of releasedDependents(graph, released)) {
    const input = planned.get(name);
    if (input === undefined) continue;
    const date = input.date ?? (input.commits.length === 0 ? newestDate : undefined);
    const raised: PackagePlanInput = { ...input, minimumBump: bump, ...(date !== undefined ? { date } : {}) };
    planned.set(name, raised);
    changed.set(name, planPackage(raised));
  }
  const outcome = (name: string) => changed.get(name) ?? outcomes.get(name);
  // Notes name the new versions, so they are rendered once every version is known.
  for (const [name, input] of planned) {
    if (outcome(name)?.plan.released !== true) continue;
    const updates = [...(graph.get(name) ?? [])]
      .sort()
      .map((dep) => ({ name: dep, version: outcome(dep)?.plan.next?.version }))
      .filter((d): d is DependencyUpdate => d.version !== undefined);
    if (updates.length > 0) changed.set(name, planPackage({ ...input, dependencyUpdates: updates }));
  }
  return changed;
}
