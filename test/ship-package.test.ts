// The published `relm` is the tarball `npm pack` makes of packages/cli: it must install with no
// registry at all (no dependencies, an empty cache, --offline) and plan as the checkout does, on
// the project's Node 24 and on the older Node line the machine brings (/usr/bin/node).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { repoRoot } from "./support/replay.ts";

const work = mkdtempSync(join(tmpdir(), "relm-ship-"));
const cliDir = join(repoRoot, "packages", "cli");
const manifest = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string>; private?: boolean };
const prefix = join(work, "prefix");
const installed = join(prefix, "lib", "node_modules", "relm", "bin", "relm.js");
// The machine's own Node (an older maintained line than the pinned one vitest runs on), when present.
const systemNode = ["/usr/bin/node", "/usr/local/bin/node"].find((p) => existsSync(p) && p !== process.execPath);
let tarball = "";
let repo: GitFixture;

function npm(args: string[], cwd: string): string {
  const r = spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_cache: join(work, "cache"), npm_config_update_notifier: "false" } });
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function relm(node: string, entry: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(node, [entry, ...args], { cwd: repo.dir, env: gitEnv({ NO_COLOR: "1" }), encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  npm(["pack", "--pack-destination", work, "--silent"], cliDir);
  const name = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!name) throw new Error("npm pack made no tarball");
  tarball = join(work, name);
  npm(["install", "--global", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", tarball], work);
  repo = createGitFixture();
  repo.git("remote", "add", "origin", "https://github.com/acme/widgets.git");
  repo.commit("feat: first", { files: { "a.txt": "1" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("fix(core): a bug\n\nCloses #7", { files: { "a.txt": "2" } });
  repo.commit("feat(api): an export endpoint", { files: { "b.txt": "1" } });
}, 180_000);

afterAll(() => {
  repo?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe("the relm tarball", () => {
  it("is public, has no dependencies and ships the bundle, the bin and the JSON Schema, no sources", () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies).toEqual({});
    const list = spawnSync("tar", ["tzf", tarball], { encoding: "utf8" }).stdout.split("\n");
    expect(list).toContain("package/bin/relm.js");
    expect(list).toContain("package/dist/index.js");
    expect(list).toContain("package/schema/relm.schema.json");
    expect(list).toContain("package/LICENSE");
    expect(list.filter((f) => f.endsWith(".ts"))).toEqual([]);
    // Issue 11's target for what every npx of relm downloads.
    expect(statSync(tarball).size).toBeLessThan(5 * 1024 * 1024);
  });

  it("installs offline with an empty cache and prints its version", () => {
    expect(relm(process.execPath, installed, ["--version"]).stdout.trim()).toBe(manifest.version);
  });

  it("plans as the checkout does, on Node 24 and on the machine's older Node", () => {
    const checkout = join(cliDir, "bin", "relm.js");
    for (const args of [["plan", "--json"], ["plan"], ["plan", "--to", "nope"]]) {
      const expected = relm(process.execPath, checkout, args);
      expect(relm(process.execPath, installed, args), args.join(" ")).toEqual(expected);
      if (systemNode) expect(relm(systemNode, installed, args), `${systemNode} ${args.join(" ")}`).toEqual(expected);
    }
    expect(relm(process.execPath, installed, ["plan", "--json"]).stdout).toContain('"version": "1.1.0"');
  });

  it("runs on the machine's own Node line", () => {
    if (!systemNode) return;
    const r = spawnSync(systemNode, ["--version"], { encoding: "utf8" });
    expect(r.stdout).toMatch(/^v(20|22|24)\./);
    expect(relm(systemNode, installed, ["--version"]).stdout.trim()).toBe(manifest.version);
  });
});
