// `relm init` as a newcomer runs it: in a fresh repository, it writes a .relm.yml that `relm policy
// check` accepts and the pipeline of the forge it detects, pinned to the running relm's version; the
// workflow passes actionlint and uses only inputs relm's actions declare, the GitLab include lines
// validate in gitlab-ci-local against the components in templates/; it never overwrites a file.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { lintWorkflow } from "../scripts/lint-workflows.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { writePipelineAtHead } from "./support/components-at.ts";
import { repoRoot } from "./support/replay.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

const run = promisify(execFile);
const version = (JSON.parse(readFileSync(join(repoRoot, "packages", "cli", "package.json"), "utf8")) as { version: string }).version;
const NO_CI = { GITHUB_ACTIONS: "", GITLAB_CI: "" };
const repos: GitFixture[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fresh(remote?: string): GitFixture {
  const repo = createGitFixture();
  repos.push(repo);
  if (remote) repo.git("remote", "add", "origin", remote);
  return repo;
}

interface Workflow {
  on: { push: { branches: string[] } };
  jobs: Record<string, { environment?: string; steps: { uses?: string; with?: Record<string, string> }[] }>;
}

describe("relm init", () => {
  it("on a GitHub repository: a .relm.yml policy check accepts and a release workflow pinned to this relm", async () => {
    const repo = fresh("git@github.com:acme/widget.git");
    const init = runRelm(["init", "--cab", "alice,bob"], { cwd: repo.dir, env: NO_CI });
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("forge: github (from the origin remote github.com)");
    expect(init.stdout).toContain("written .relm.yml");
    expect(init.stdout).toContain("written .github/workflows/release.yml");
    const check = runRelm(["policy", "check"], { cwd: repo.dir, env: NO_CI });
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
    const explained = runRelmJson<{ approval: { quorum: number; users: string[]; separationOfDuties: boolean } }>(["policy", "explain"], { cwd: repo.dir, env: NO_CI });
    expect(explained.json.approval).toMatchObject({ quorum: 1, users: ["alice", "bob"], separationOfDuties: true });
    const config = readFileSync(join(repo.dir, ".relm.yml"), "utf8");
    expect(config).toContain(`$schema=https://raw.githubusercontent.com/relm-dev/relm/v${version}/schema/relm.schema.json`);
    expect(parse(config)).toMatchObject({ registry: { url: "github-release:" }, policy: { branches: [repo.git("symbolic-ref", "--short", "HEAD").trim()] } });

    const text = readFileSync(join(repo.dir, ".github", "workflows", "release.yml"), "utf8");
    expect(await lintWorkflow({ where: ".github/workflows/release.yml", firstLine: 1, text })).toEqual([]);
    const workflow = parse(text) as Workflow;
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const relmSteps = steps.filter((s) => s.uses?.startsWith("relm-dev/relm"));
    expect(relmSteps.map((s) => s.uses)).toEqual([`relm-dev/relm/actions/plan@v${version}`, `relm-dev/relm@v${version}`]);
    // Each input it sets is one the action declares (the root action is action.yml).
    for (const step of relmSteps) {
      const path = (step.uses ?? "").replace(/^relm-dev\/relm\/?/, "").replace(/@.*$/, "");
      const action = parse(readFileSync(join(repoRoot, path, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), `${step.uses} input ${input}`).toContain(input);
    }
    // The job that tags and publishes waits for the environment's reviewers: authorise, then release.
    expect(workflow.jobs.release?.environment).toBe("production");

    // What it wrote plans: the first commit is the first release.
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "feat: first");
    const plan = runRelmJson<{ released: boolean; packages: { next?: { version: string } }[] }>(["plan"], { cwd: repo.dir, env: NO_CI });
    expect(plan.code).toBe(0);
    expect(plan.json.packages[0]?.next?.version).toBe("1.0.0");
  });

  it("never overwrites: an existing file stops it with nothing written; --skip-existing writes only what is missing", () => {
    const repo = fresh("https://github.com/acme/widget.git");
    writeFileSync(join(repo.dir, ".relm.yml"), "# mine\n");
    const refused = runRelm(["init"], { cwd: repo.dir, env: NO_CI });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("RELM_INIT_EXISTS");
    expect(refused.stderr).toContain(".relm.yml: exists");
    expect(readFileSync(join(repo.dir, ".relm.yml"), "utf8")).toBe("# mine\n");
    expect(existsSync(join(repo.dir, ".github"))).toBe(false);

    const skipped = runRelmJson<{ files: { path: string; status: string }[] }>(["init", "--skip-existing"], { cwd: repo.dir, env: NO_CI });
    expect(skipped.code).toBe(0);
    expect(skipped.json.files).toEqual([
      { path: ".relm.yml", status: "exists" },
      { path: ".github/workflows/release.yml", status: "written" },
    ]);
    expect(readFileSync(join(repo.dir, ".relm.yml"), "utf8")).toBe("# mine\n");
  });

  it("--dry-run prints both files and writes nothing", () => {
    const repo = fresh("https://github.com/acme/widget.git");
    const dry = runRelm(["init", "--dry-run"], { cwd: repo.dir, env: NO_CI });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("would write .relm.yml");
    expect(dry.stdout).toContain(`uses: relm-dev/relm@v${version}`);
    // No CAB named: the approval block is there to fill in, and the output says no sign-off is required yet.
    expect(dry.stdout).toContain("# approval:");
    expect(dry.stdout).toContain("until then no sign-off is required");
    expect(existsSync(join(repo.dir, ".relm.yml"))).toBe(false);
    expect(existsSync(join(repo.dir, ".github"))).toBe(false);
  });

  it("in a GitLab job: include lines of relm's components at this version, which gitlab-ci-local validates", async () => {
    const repo = fresh("https://gitlab.invalid/acme/app.git");
    const init = runRelmJson<{ forge: string; detectedBy: string }>(["init", "--cab", "carol"], { cwd: repo.dir, env: { GITLAB_CI: "true", GITHUB_ACTIONS: "" } });
    expect(init.code).toBe(0);
    expect(init.json).toMatchObject({ forge: "gitlab", detectedBy: "GITLAB_CI" });
    expect(runRelm(["policy", "check"], { cwd: repo.dir, env: NO_CI }).code).toBe(0);
    expect((parse(readFileSync(join(repo.dir, ".relm.yml"), "utf8")) as { registry: { url: string } }).registry.url).toBe("gitlab-package:relm-releases");
    const ci = readFileSync(join(repo.dir, ".gitlab-ci.yml"), "utf8");
    expect(ci).toContain(`component: $CI_SERVER_FQDN/relm-dev/relm-components/release@${version}`);

    // The components at this commit stand in for the catalog's release at that version.
    cpSync(join(repoRoot, "templates"), join(repo.dir, "templates"), { recursive: true });
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "ci: relm");
    writePipelineAtHead(repo, ci, "acme/app");
    const home = mkdtempSync(join(tmpdir(), "relm-gcl-home-"));
    dirs.push(home);
    const gcl = join(repoRoot, "node_modules", "gitlab-ci-local", "dist", "index.js");
    const { stdout, stderr } = await run(process.execPath, [gcl, "--list", "--home", home], { cwd: repo.dir, env: { ...process.env, HOME: home } });
    const out = stdout + stderr;
    expect(out).toContain("json schema validated");
    expect(out).toMatch(/relm-plan\s+build\s+on_success/);
    // A CAB member plays the release job: its player is the sign-off the component judges.
    expect(out).toMatch(/relm-release\s+deploy\s+manual/);
  });

  it("a GitLab project that has a .gitlab-ci.yml: refused, with the include lines to add by hand", () => {
    const repo = fresh("git@gitlab.example.com:acme/app.git");
    writeFileSync(join(repo.dir, ".gitlab-ci.yml"), "stages: [test]\n");
    const refused = runRelm(["init"], { cwd: repo.dir, env: NO_CI });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Add these lines to your .gitlab-ci.yml instead:");
    expect(refused.stderr).toContain(`relm-components/plan@${version}`);
    expect(existsSync(join(repo.dir, ".relm.yml"))).toBe(false);
    const skipped = runRelm(["init", "--skip-existing"], { cwd: repo.dir, env: NO_CI });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain(".gitlab-ci.yml: exists, left as it is");
    expect(skipped.stdout).toContain("Add these lines to your .gitlab-ci.yml:");
    expect(readFileSync(join(repo.dir, ".gitlab-ci.yml"), "utf8")).toBe("stages: [test]\n");
  });

  it("says what it needs: an unknown forge, a bad --cab, no repository (exit 2, naming the flag)", () => {
    const bare = fresh();
    const unknown = runRelm(["init"], { cwd: bare.dir, env: NO_CI });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("RELM_INIT_FORGE");
    expect(unknown.stderr).toContain("--forge");
    const other = fresh("https://git.example.org/acme/app.git");
    expect(runRelm(["init"], { cwd: other.dir, env: NO_CI }).stderr).toContain("git.example.org is neither GitHub nor GitLab");
    const none = runRelmJson<{ files: { path: string }[] }>(["init", "--forge", "none"], { cwd: other.dir, env: NO_CI });
    expect(none.json.files.map((f) => f.path)).toEqual([".relm.yml"]);
    expect((parse(readFileSync(join(other.dir, ".relm.yml"), "utf8")) as { registry: { url: string } }).registry.url).toBe("file:.relm/registry");
    const cab = runRelm(["init", "--forge", "github", "--cab", "alice,$(id)"], { cwd: bare.dir, env: NO_CI });
    expect(cab.code).toBe(2);
    expect(cab.stderr).toContain('--cab: expected logins separated by commas');
    expect(cab.stderr).toContain('"$(id)"');
    expect(runRelm(["init", "--forge", "gitlab2"], { cwd: bare.dir, env: NO_CI }).stderr).toContain("expected one of github, gitlab, none");
    const outside = mkdtempSync(join(tmpdir(), "relm-init-nogit-"));
    dirs.push(outside);
    const noRepo = runRelm(["init", "--forge", "github"], { cwd: outside, env: NO_CI });
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toContain("RELM_INIT_NO_REPOSITORY");
    expect(existsSync(join(outside, ".relm.yml"))).toBe(false);
  });
});
