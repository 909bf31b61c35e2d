// What a run loads is what it costs to start: `relm plan` loaded 814 modules (every command, both
// forge clients, zod and yaml) before it loaded only what planning needs. These runs list the modules
// each command loads and fail when a library it does not use comes back. They run the sources (the
// bundle bin/relm.js prefers is split along the same imports, one chunk per command).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";
import { repoRoot } from "../../../test/support/replay.ts";

const sources = join(repoRoot, "packages", "cli", "src", "main.ts");

const work = mkdtempSync(join(tmpdir(), "relm-startup-"));
const hook = join(work, "list-modules.mjs");
writeFileSync(
  hook,
  `import { registerHooks } from "node:module";
import { writeFileSync } from "node:fs";
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
// Node's own fetch stack is internal (no load hook sees it): it is listed as the undici package.
process.on("exit", () => writeFileSync(process.env.RELM_TEST_MODULES, [...loaded, ...process.moduleLoadList.filter((m) => m.includes("deps/undici")).map(() => "node_modules/undici/internal")].join("\\n")));
`,
);

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

/** The modules `relm ARGS` loads, as package names (or relm's own package folders). */
function modulesOf(args: string[], cwd: string): { code: number; packages: Set<string>; count: number; urls: string[] } {
  const list = join(work, "modules.txt");
  const run = spawnSync(process.execPath, ["--import", hook, sources, ...args], { cwd, env: gitEnv({ RELM_TEST_MODULES: list }), encoding: "utf8" });
  const urls = readFileSync(list, "utf8").split("\n").filter(Boolean);
  const packages = new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? /packages\/([^/]+)\/src/.exec(u)?.[1] ?? u));
  return { code: run.status ?? -1, packages, count: urls.length, urls };
}

describe("what a command loads", () => {
  it("relm plan without a .relm.yml: the planner and git, no forge client, schema or YAML library", () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "a.txt": "a" } });
    const run = modulesOf(["plan", "--json"], repo.dir);
    expect(run.code).toBe(0);
    for (const name of ["core", "git", "cli", "semver", "commander"]) expect(run.packages).toContain(name);
    // semver's functions one by one: its index loads every range helper as well.
    expect(run.urls.filter((u) => u.endsWith("/semver/index.js"))).toEqual([]);
    // Nor its ranges: only following workspace dependencies needs them.
    expect(run.urls.filter((u) => u.endsWith("/semver/classes/range.js"))).toEqual([]);
    for (const name of ["zod", "yaml", "github", "@octokit/rest", "@gitbeaker/rest", "@actions/core", "registry", "luxon", "cron-parser", "undici"]) expect(run.packages).not.toContain(name);
    expect(run.count).toBeLessThan(200);
  });

  it("relm publish to a file: registry: no forge client and no HTTP stack", () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "a.txt": "a", ".relm.yml": "registry:\n  url: file:.relm/registry\n" } });
    const run = modulesOf(["publish", "--version", "1.0.0", "a.txt"], repo.dir);
    expect(run.code).toBe(0);
    for (const name of ["registry", "zod", "yaml"]) expect(run.packages).toContain(name);
    for (const name of ["github", "@octokit/rest", "@gitbeaker/rest", "@actions/core", "undici"]) expect(run.packages).not.toContain(name);
  });
});

process.on("exit", () => rmSync(work, { recursive: true, force: true }));
