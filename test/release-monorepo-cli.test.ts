// End to end: `relm release` on real monorepos: one tag and record per released package, each
// package's build output in its own record, and a release that crashed between two packages' tags.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

interface ReleaseJson {
  status: string;
  resumed: boolean;
  tag?: { outcomes: { tag: string; tagCreated: boolean }[] };
}
interface ListJson {
  releases: { tag: string; artifacts: { name: string }[] }[];
}

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

const release = (r: GitFixture, ...args: string[]) => runRelmJson<ReleaseJson>(["release", "--cwd", r.dir, ...args]);
const list = (r: GitFixture) => runRelmJson<ListJson>(["list", "--cwd", r.dir]).json.releases;
const tagsOnHead = (r: GitFixture) => r.git("tag", "--points-at", "HEAD").split("\n").filter(Boolean);

/** npm workspaces api and web at 1.0.0, then a feature in api and a fix in web. */
function monorepo(): GitFixture {
  const r = createGitFixture();
  repo = r;
  r.commit("chore: init", {
    files: {
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
      "packages/api/package.json": JSON.stringify({ name: "api", version: "1.0.0" }),
      "packages/web/package.json": JSON.stringify({ name: "web", version: "1.0.0" }),
      ".relm.yml": "approval:\n  users: [alice]\n",
      ".gitignore": ".relm/\n",
    },
  });
  r.tag("api@1.0.0", { message: "api 1.0.0" });
  r.tag("web@1.0.0", { message: "web 1.0.0" });
  r.commit("feat(api): an endpoint", { files: { "packages/api/a.js": "a" } });
  r.commit("fix(web): a button", { files: { "packages/web/b.js": "b" } });
  return r;
}

describe("relm release in a monorepo", () => {
  it("releases each changed package of a monorepo with its own tag and record", () => {
    const r = monorepo();
    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("api 1.1.0 (tag api@1.1.0; api@1.0.0..");
    expect(run.stdout).toContain("web 1.0.1 (tag web@1.0.1; web@1.0.0..");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("released api 1.1.0, web 1.0.1");
    expect(tagsOnHead(r).sort()).toEqual(["api@1.1.0", "web@1.0.1"]);
    expect(list(r).map((x) => x.tag)).toEqual(["api@1.1.0", "web@1.0.1"]);
    expect(readFileSync(join(r.dir, "packages/api/CHANGELOG.md"), "utf8")).toContain("an endpoint");
  });

  it("puts each package's build output into that package's record, and shared files into every record", () => {
    const r = monorepo();
    const files = { "packages/api/dist/api.tgz": "api build\n", "packages/web/dist/web.tgz": "web build\n", "sbom.json": "{}\n" };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(r.dir, path, ".."), { recursive: true });
      writeFileSync(join(r.dir, path), text);
    }
    const run = runRelm(["release", "--cwd", r.dir, "--approve", "alice", ...Object.keys(files).flatMap((f) => ["--artifact", f])]);
    expect(run.code, run.stderr).toBe(0);
    const byTag = Object.fromEntries(list(r).map((x) => [x.tag, x.artifacts.map((a) => a.name).sort()]));
    expect(byTag).toEqual({
      "api@1.1.0": ["packages/api/dist/api.tgz", "provenance.intoto.json", "sbom.json"],
      "web@1.0.1": ["packages/web/dist/web.tgz", "provenance.intoto.json", "sbom.json"],
    });
  });

  it("finishes a monorepo release that crashed between two packages' tags", () => {
    const r = monorepo();
    r.tag("api@1.1.0", { message: "api 1.1.0" });
    const { code, json } = release(r, "--approve", "alice");
    expect(code).toBe(0);
    expect(json).toMatchObject({ status: "released", resumed: true });
    expect(json.tag?.outcomes.map((o) => [o.tag, o.tagCreated])).toEqual([
      ["api@1.1.0", false],
      ["web@1.0.1", true],
    ]);
    expect(release(r, "--approve", "alice").json.status).toBe("nothing-to-release");
    expect(tagsOnHead(r).sort()).toEqual(["api@1.1.0", "web@1.0.1"]);
    expect(list(r).map((x) => x.tag)).toEqual(["api@1.1.0", "web@1.0.1"]);
  });
});
