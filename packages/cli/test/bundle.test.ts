// bin/relm.js runs the bundle (npm run build:cli) while it is fresh, the sources otherwise: the two
// must answer alike, and a bundle must never outlive a change to what it was built from.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freshBundle } from "../bin/fresh-bundle.js";
import { buildCli } from "../../../scripts/build-cli.ts";
import { createGitFixture, gitEnv } from "../../../test/support/git-fixture.ts";
import { repoRoot } from "../../../test/support/replay.ts";

const work = mkdtempSync(join(tmpdir(), "relm-bundle-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("freshBundle", () => {
  const root = join(work, "root") + "/";
  const dist = pathToFileURL(join(work, "dist") + "/");
  mkdirSync(join(root, "src"), { recursive: true });
  mkdirSync(join(work, "dist"));
  const at = (file: string, ms: number) => utimesSync(join(root, file), ms / 1000, ms / 1000);
  const manifest = (value: unknown) => writeFileSync(join(work, "dist", "sources.json"), JSON.stringify(value));

  it("is the bundle while every file it was built from is older than the build", () => {
    writeFileSync(join(root, "src/a.ts"), "a");
    writeFileSync(join(root, "src/b.ts"), "b");
    at("src/a.ts", 1_000_000);
    at("src/b.ts", 2_000_000);
    manifest({ builtAt: 3_000_000, files: ["src/a.ts", "src/b.ts"] });
    expect(freshBundle(dist, root)).toBe(new URL("index.js", dist).href);
  });

  it("is not, once one of them changed or went away, or without a readable manifest", () => {
    at("src/b.ts", 3_000_001);
    expect(freshBundle(dist, root)).toBeUndefined();
    at("src/b.ts", 2_000_000);
    manifest({ builtAt: 3_000_000, files: ["src/a.ts", "src/gone.ts"] });
    expect(freshBundle(dist, root)).toBeUndefined();
    manifest({ files: [] });
    expect(freshBundle(dist, root)).toBeUndefined();
    writeFileSync(join(work, "dist", "sources.json"), "{");
    expect(freshBundle(dist, root)).toBeUndefined();
    expect(freshBundle(pathToFileURL(join(work, "nothing") + "/"), root)).toBeUndefined();
  });
});

describe("the bundle", () => {
  it("answers as the sources do", () => {
    const dist = join(work, "cli-dist");
    const files = buildCli(dist);
    expect(files).toBeGreaterThan(50);

    const repo = createGitFixture();
    try {
      repo.commit("feat: first", { files: { "a.txt": "1" } });
      repo.tag("v1.0.0", { message: "v1.0.0" });
      repo.commit("fix(core): a bug\n\nCloses #7", { files: { "a.txt": "2" } });
      repo.commit("feat!: a new start", { files: { "b.txt": "1" } });
      repo.git("remote", "add", "origin", "https://github.com/acme/widgets.git");
      const run = (entry: string, args: string[]) => {
        const r = spawnSync(process.execPath, [entry, ...args], { cwd: repo.dir, env: gitEnv({ NO_COLOR: "1" }), encoding: "utf8" });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const sources = join(repoRoot, "packages", "cli", "src", "main.ts");
      for (const args of [["plan", "--json"], ["plan"], ["notes"], ["version", "--json"], ["--version"], ["--help"], ["plan", "--to", "nope"], ["nonsense"]]) {
        expect(run(join(dist, "index.js"), args), args.join(" ")).toEqual(run(sources, args));
      }
      // An independent monorepo whose released package has a dependent: the planner loads the
      // dependency code (and semver's ranges) only then, from a chunk of its own.
      const pkg = (name: string, deps: Record<string, string> = {}) => JSON.stringify({ name, version: "1.0.0", dependencies: deps });
      repo.commit("chore: workspaces", {
        files: {
          "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
          "packages/core/package.json": pkg("@x/core"),
          "packages/cli/package.json": pkg("@x/cli", { "@x/core": "^1.0.0" }),
          ".relm.yml": "monorepo:\n  mode: independent\n",
        },
      });
      for (const tag of ["@x/core@1.0.0", "@x/cli@1.0.0"]) repo.tag(tag, { message: tag });
      repo.commit("fix(core): off by one", { files: { "packages/core/a.ts": "1" } });
      const monorepo = run(sources, ["plan", "--json"]);
      expect(monorepo.stdout).toContain('"versionSource": "dependency"');
      expect(run(join(dist, "index.js"), ["plan", "--json"])).toEqual(monorepo);
    } finally {
      repo.cleanup();
    }
  }, 120_000);
});
