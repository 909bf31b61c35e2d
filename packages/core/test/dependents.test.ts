import { describe, expect, it } from "vitest";
import { dependencyGraph, loadConfig, planRelease, releasedDependents, type PlanRequest, type WorkspaceManifest } from "../src/index.ts";
import { MemoryGit } from "./support/memory-git.ts";

const manifest = (pkg: string, fields: Record<string, unknown>, path = `packages/${pkg}`): WorkspaceManifest => ({
  package: pkg,
  path,
  manifest: { name: `@scope/${pkg}`, version: "1.0.0", ...fields },
});

describe("dependencyGraph", () => {
  it("draws an edge for dependencies, devDependencies and optionalDependencies, not peerDependencies", () => {
    const graph = dependencyGraph([
      manifest("a", {}),
      manifest("b", { dependencies: { "@scope/a": "^1.0.0" } }),
      manifest("c", { devDependencies: { "@scope/a": "*" } }),
      manifest("d", { optionalDependencies: { "@scope/a": "~1.0.0" } }),
      manifest("e", { peerDependencies: { "@scope/a": "^1.0.0" } }),
      manifest("f", { dependencies: { "left-pad": "^1.0.0" } }),
    ]);
    expect([...graph.keys()].sort()).toEqual(["b", "c", "d"]);
    expect([...(graph.get("b") ?? [])]).toEqual(["a"]);
  });

  it("follows a spec only when it resolves to the workspace copy", () => {
    const graph = dependencyGraph([
      manifest("a", { version: "2.1.0" }),
      manifest("ws", { dependencies: { "@scope/a": "workspace:^" } }),
      manifest("file", { dependencies: { "@scope/a": "file:../a" } }),
      manifest("elsewhere", { dependencies: { "@scope/a": "file:../../vendor/a" } }),
      manifest("old", { dependencies: { "@scope/a": "^1.0.0" } }),
      manifest("tag", { dependencies: { "@scope/a": "latest" } }),
    ]);
    expect([...graph.keys()].sort()).toEqual(["file", "ws"]);
  });

  it("takes the last release from the tags as the version when the manifest has none", () => {
    const graph = dependencyGraph([
      { package: "a", path: "packages/a", manifest: { name: "a" }, releasedVersion: "3.2.0" },
      { package: "b", path: "packages/b", manifest: { name: "b", dependencies: { a: "^3.0.0" } } },
    ]);
    expect([...(graph.get("b") ?? [])]).toEqual(["a"]);
  });

  it("maps npm names to the planned package labels and ignores self references and broken manifests", () => {
    const graph = dependencyGraph([
      { package: "api", path: "services/api", manifest: { name: "@org/api-server", version: "1.0.0", devDependencies: { "@org/api-server": "*" } } },
      { package: "web", path: "web", manifest: { name: "@org/web", dependencies: { "@org/api-server": "^1.0.0" } } },
      { package: "broken", path: "broken", manifest: "not an object" },
      { package: "none", path: "none", manifest: undefined },
    ]);
    expect([...graph.entries()].map(([k, v]) => [k, [...v]])).toEqual([["web", ["api"]]]);
  });
});

describe("releasedDependents", () => {
  const graph = new Map([
    ["b", new Set(["a"])],
    ["c", new Set(["b"])],
    ["d", new Set(["c", "a"])],
    ["x", new Set(["y"])],
  ]);

  it("is transitive and leaves unrelated and already released packages out", () => {
    expect([...releasedDependents(graph, new Set(["a"]))].sort()).toEqual(["b", "c", "d"]);
    expect([...releasedDependents(graph, new Set(["a", "c"]))].sort()).toEqual(["b", "d"]);
    expect([...releasedDependents(graph, new Set(["c"]))]).toEqual(["d"]);
    expect(releasedDependents(graph, new Set()).size).toBe(0);
  });

  it("ends at a cycle", () => {
    const cycle = new Map([
      ["a", new Set(["c"])],
      ["b", new Set(["a"])],
      ["c", new Set(["b"])],
    ]);
    expect([...releasedDependents(cycle, new Set(["a"]))].sort()).toEqual(["b", "c"]);
  });
});

describe("planRelease: dependents in a monorepo", () => {
  const packages = ["core", "cli", "web", "docs"].map((p) => `  - { name: ${p}, path: packages/${p} }`).join("\n");
  const config = (extra = "") => loadConfig(`packages:\n${packages}\n${extra}`).config;
  // core ← cli ← web (transitively), docs depends on nothing.
  function repo(): MemoryGit {
    const git = new MemoryGit();
    git.commit({ message: "feat: init", files: ["packages/core/a.ts", "packages/cli/a.ts", "packages/web/a.ts", "packages/docs/a.md"] });
    for (const tag of ["core@1.0.0", "cli@2.0.0", "web@0.3.0", "docs@1.0.0"]) git.tag(tag);
    git.commit({ message: "feat(core): faster", files: ["packages/core/b.ts"] });
    const set = (pkg: string, fields: Record<string, unknown>) => git.files.set(`packages/${pkg}/package.json`, JSON.stringify({ name: `@x/${pkg}`, ...fields }));
    set("core", { version: "1.0.0" });
    set("cli", { version: "2.0.0", dependencies: { "@x/core": "^1.0.0" } });
    set("web", { version: "0.3.0", devDependencies: { "@x/cli": "workspace:*" } });
    set("docs", { version: "1.0.0", peerDependencies: { "@x/core": "^1.0.0" } });
    return git;
  }
  const run = (git: MemoryGit, over: Partial<PlanRequest>) => planRelease({ git }, { ...over } as PlanRequest);
  const byName = (plan: Awaited<ReturnType<typeof planRelease>>) => Object.fromEntries(plan.packages.map((p) => [p.name, p]));

  it("releases dependents as a patch by default, transitively, and names the updated dependencies in the notes", async () => {
    const plan = byName(await run(repo(), { config: config() }));
    expect(plan.core).toMatchObject({ next: { version: "1.1.0" }, versionSource: "bump" });
    expect(plan.cli).toMatchObject({ released: true, next: { version: "2.0.1", tag: "cli@2.0.1" }, versionSource: "dependency", dependencyUpdates: [{ name: "core", version: "1.1.0" }] });
    expect(plan.web).toMatchObject({ released: true, next: { version: "0.3.1" }, dependencyUpdates: [{ name: "cli", version: "2.0.1" }] });
    expect(plan.docs).toMatchObject({ released: false });
    expect(plan.cli?.notes).toMatch(/^## 2\.0\.1 \(2026-01-01\)\n\n### Dependencies\n\n\* updated core to 1\.1\.0\n$/);
    expect(plan.core?.dependencyUpdates).toBeUndefined();
  });

  it("takes the configured bump, and keeps a higher bump of the package's own", async () => {
    const git = repo();
    git.commit({ message: "feat(web): new page", files: ["packages/web/page.ts"] });
    const plan = byName(await run(git, { config: config("monorepo: { dependents: minor }") }));
    expect(plan.cli?.next?.version).toBe("2.1.0");
    expect(plan.web).toMatchObject({ next: { version: "0.4.0" }, versionSource: "bump", dependencyUpdates: [{ name: "cli", version: "2.1.0" }] });
  });

  it("lists released dependencies in the notes of a package released on its own too", async () => {
    const git = repo();
    git.commit({ message: "fix(cli): typo", files: ["packages/cli/a.ts"] });
    const plan = byName(await run(git, { config: config() }));
    expect(plan.cli).toMatchObject({ next: { version: "2.0.1" }, versionSource: "bump", dependencyUpdates: [{ name: "core", version: "1.1.0" }] });
    expect(plan.cli?.notes).toMatch(/### Bug Fixes[\s\S]*### Dependencies/);
  });

  it("none releases only packages with changes of their own", async () => {
    const plan = byName(await run(repo(), { config: config("monorepo: { dependents: none }") }));
    expect(plan.core?.released).toBe(true);
    expect([plan.cli?.released, plan.web?.released]).toEqual([false, false]);
    expect(plan.cli?.dependencyUpdates).toBeUndefined();
  });

  it("leaves fixed mode alone: every package already shares the version", async () => {
    const plan = byName(await run(repo(), { config: config("monorepo: { mode: fixed }") }));
    expect(Object.values(plan).map((p) => [p.next?.version, p.versionSource, p.dependencyUpdates])).toEqual(Array(4).fill(["2.1.0", "fixed", undefined]));
  });

  it("releases each member of a dependency cycle once", async () => {
    const git = repo();
    git.files.set("packages/core/package.json", JSON.stringify({ name: "@x/core", version: "1.0.0", dependencies: { "@x/web": "^0.3.0" } }));
    const plan = byName(await run(git, { config: config() }));
    expect(plan.web).toMatchObject({ next: { version: "0.3.1" } });
    expect(plan.core).toMatchObject({ next: { version: "1.1.0" }, versionSource: "bump", dependencyUpdates: [{ name: "web", version: "0.3.1" }] });
  });

  it("warns about a manifest that is not JSON and plans on without its edges", async () => {
    const git = repo();
    git.files.set("packages/cli/package.json", "{ not json");
    const result = await run(git, { config: config() });
    expect(byName(result).cli?.released).toBe(false);
    expect(result.warnings).toContain("packages/cli/package.json is not valid JSON: its workspace dependencies are not followed");
  });

  it("keeps a dependent on the prerelease channel of the plan", async () => {
    const plan = byName(await run(repo(), { config: config(), channel: "rc" }));
    expect(plan.cli?.next?.version).toBe("2.0.1-rc.0");
  });
});
