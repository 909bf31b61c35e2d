// The GitLab component project relm's release pushes (relm-dev/relm-components): templates/ byte for
// byte with valid specs, its own pipeline run through gitlab-ci-local (every component loads at the
// commit, the plan component runs relm, a tag creates the catalog release), and the push to a real
// git remote, which a re-run completes and never rewrites.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { componentPipeline, writeComponentProject } from "../scripts/component-project.ts";
import { checkSpec } from "../scripts/gitlab-spec.ts";
import { pushComponentProject } from "../scripts/push-components.ts";
import { gitEnv } from "./support/git-fixture.ts";
import { repoRoot } from "./support/replay.ts";

const run = promisify(execFile);
const gcl = join(repoRoot, "node_modules", "gitlab-ci-local", "dist", "index.js");
const relmCommand = `${process.execPath} ${join(repoRoot, "packages", "cli", "bin", "relm.js")}`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const git = (cwd: string, ...args: string[]): string => {
  const r = spawnSync("git", args, { cwd, env: gitEnv(), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};

/** The project written at `version` and committed, with the remote GitLab would have. */
function committedProject(version: string): string {
  const dir = temp("relm-components-");
  writeComponentProject(dir, version);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "remote", "add", "origin", "https://gitlab.invalid/relm-dev/relm-components.git");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", `chore(release): relm components ${version}`);
  return dir;
}

async function gitlabCiLocal(dir: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  const home = temp("relm-gcl-home-");
  try {
    const { stdout, stderr } = await run(process.execPath, [gcl, "--home", home, "--no-color", ...args], { cwd: dir, env: { ...process.env, HOME: home } });
    return { ok: true, out: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

describe("the component project", () => {
  it("has templates/ byte for byte, each spec valid, the components' README and the LICENSE", () => {
    const dir = temp("relm-components-");
    const files = writeComponentProject(dir, "1.2.3");
    const templates = readdirSync(join(repoRoot, "templates")).filter((f) => f.endsWith(".yml"));
    expect(readdirSync(join(dir, "templates")).sort()).toEqual(templates.sort());
    for (const t of templates) {
      const text = readFileSync(join(dir, "templates", t));
      expect(text.equals(readFileSync(join(repoRoot, "templates", t))), t).toBe(true);
      expect(checkSpec(`templates/${t}`, text.toString("utf8")).problems, t).toEqual([]);
    }
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe(readFileSync(join(repoRoot, "gitlab", "README.md"), "utf8"));
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync(join(repoRoot, "LICENSE"), "utf8"));
    expect(files).toContain(".gitlab-ci.yml");
    // The test pipeline runs relm's image of this very version, never a moving tag.
    const pipeline = readFileSync(join(dir, ".gitlab-ci.yml"), "utf8");
    expect(pipeline).toBe(componentPipeline("1.2.3"));
    expect([...pipeline.matchAll(/ghcr\.io\/relm-dev\/relm:(\S+)/g)].map((m) => m[1])).toEqual(templates.map(() => "1.2.3"));
  });

  it("its pipeline validates in gitlab-ci-local with every component included at the commit; the plan component runs relm", async () => {
    const dir = committedProject("1.2.3");
    const list = await gitlabCiLocal(dir, ["--list-all"]);
    expect(list.out, list.out).toContain("json schema validated");
    expect(list.ok).toBe(true);
    for (const job of ["relm-approve", "relm-gate", "relm-plan", "relm-publish", "relm-release", "relm-tag"]) expect(list.out).toContain(job);
    const active = await gitlabCiLocal(dir, ["--list"]);
    expect(active.out).toMatch(/relm-plan\s+build\s+on_success/);
    expect(active.out).not.toContain("catalog-release");
    // The plan job for real (shell executor; relm from this checkout in place of the image's).
    const plan = await gitlabCiLocal(dir, ["relm-plan", "--force-shell-executor", "--variable", `RELM_COMMAND=${relmCommand}`]);
    expect(plan.out, plan.out).toContain("PASS  relm-plan");
    const planned = JSON.parse(readFileSync(join(dir, "relm-out", "plan.json"), "utf8")) as { schema: string };
    expect(planned.schema).toBe("relm.plan/1");
  });

  it("a tag X.Y.Z pipeline creates the catalog release and runs no component", async () => {
    const dir = committedProject("1.2.3");
    const tagged = await gitlabCiLocal(dir, ["--list", "--variable", "CI_COMMIT_TAG=1.2.3"]);
    expect(tagged.ok, tagged.out).toBe(true);
    expect(tagged.out).toMatch(/catalog-release\s+release\s+on_success/);
    expect(tagged.out).not.toContain("relm-plan");
    const other = await gitlabCiLocal(dir, ["--list", "--variable", "CI_COMMIT_TAG=v1.2.3"]);
    expect(other.out).not.toContain("catalog-release");
  });
});

describe("pushing the component project", () => {
  const remote = (): string => {
    const dir = temp("relm-components-remote-");
    git(dir, "init", "-q", "--bare", "-b", "main");
    return dir;
  };
  const tree = (bare: string, ref: string): string[] => git(bare, "ls-tree", "-r", "--name-only", ref).split("\n");

  it("pushes one commit and the tag per release; a re-run is a no-op; the next release goes on top", () => {
    const bare = remote();
    expect(pushComponentProject({ remote: bare, version: "1.0.0", env: gitEnv() }).pushed).toBe("commit and tag");
    expect(tree(bare, "1.0.0")).toEqual(expect.arrayContaining([".gitlab-ci.yml", "LICENSE", "README.md", "templates/plan.yml"]));
    expect(git(bare, "cat-file", "-t", "1.0.0")).toBe("tag");
    expect(pushComponentProject({ remote: bare, version: "1.0.0", env: gitEnv() }).pushed).toBe("nothing");
    expect(pushComponentProject({ remote: bare, version: "1.1.0", env: gitEnv() }).pushed).toBe("commit and tag");
    expect(git(bare, "log", "--format=%s", "main").split("\n")).toEqual(["chore(release): relm components 1.1.0", "chore(release): relm components 1.0.0"]);
    expect(git(bare, "show", "1.1.0:.gitlab-ci.yml")).toContain("ghcr.io/relm-dev/relm:1.1.0");
    // An older release re-run after a newer one is still a no-op (its tag holds the same content).
    expect(pushComponentProject({ remote: bare, version: "1.0.0", env: gitEnv() }).pushed).toBe("nothing");
  });

  it("a run that stopped after main and before the tag is completed by the next: the tag only", () => {
    const bare = remote();
    const first = pushComponentProject({ remote: bare, version: "2.0.0", env: gitEnv() });
    git(bare, "tag", "-d", "2.0.0");
    const again = pushComponentProject({ remote: bare, version: "2.0.0", env: gitEnv() });
    expect(again).toEqual({ commit: first.commit, pushed: "tag" });
    expect(git(bare, "rev-parse", "2.0.0^{commit}")).toBe(first.commit);
    expect(git(bare, "rev-list", "--count", "main")).toBe("1");
  });

  it("never moves a released tag: other content under an existing tag is refused and nothing is pushed", () => {
    const bare = remote();
    pushComponentProject({ remote: bare, version: "3.0.0", env: gitEnv() });
    const before = git(bare, "rev-parse", "main");
    // The tag 3.1.0 already names other content (pushed by hand, say).
    const clone = temp("relm-components-clone-");
    git(clone, "clone", "-q", bare, ".");
    git(clone, "commit", "-q", "--allow-empty", "-m", "by hand");
    git(clone, "tag", "-a", "3.1.0", "-m", "by hand");
    git(clone, "push", "-q", "origin", "refs/tags/3.1.0");
    expect(() => pushComponentProject({ remote: bare, version: "3.1.0", env: gitEnv() })).toThrow(/tag 3\.1\.0 exists with other content/);
    expect(git(bare, "rev-parse", "main")).toBe(before);
  });
});
