// `relm deploy` on GitHub: each deployment recorded in the registry is mirrored as a GitHub deployment
// with statuses, against the fake GitHub that checks every request against GitHub's API description.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { deployFixture, relmAsync, storedEvents } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";

const RUN_URL = "https://github.invalid/octo-org/app/actions/runs/4242";

describe("relm deploy mirrored to GitHub", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  const deploy = (args: string[], extra: Record<string, string> = {}) => relmAsync(["deploy", "--env", "staging", ...args], repo.dir, { ...env, ...extra });
  const eventsOf = (id: string) => storedEvents(repo.dir).filter((e) => e.detail.deploymentId === id);
  const mirrorOf = (id: string) => fake.state.deployments.filter((d) => d.payload.relmDeploymentId === id);

  beforeAll(async () => {
    repo = deployFixture(2);
    fake = await startFakeGitHub();
    // The release tag 1.0.0 is on GitHub; 1.0.1's is not, so that deployment names the commit.
    fake.state.refs.set("tags/v1.0.0", { type: "commit", sha: repo.git("rev-parse", "v1.0.0^{commit}") });
    env = {
      GITHUB_ACTIONS: "true",
      GITLAB_CI: "",
      GITHUB_RUN_ID: "4242",
      GITHUB_JOB: "deploy",
      GITHUB_REPOSITORY: "octo-org/app",
      GITHUB_API_URL: fake.url,
      GITHUB_SERVER_URL: "https://github.invalid",
      GITHUB_TOKEN: fake.token,
      RELM_GITHUB_TOKEN: "",
      RELM_DEPLOY_MIRROR: "",
    };
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("makes one GitHub deployment of the tag with statuses in_progress then success, and keeps its id in the registry", async () => {
    const run = await deploy(["--version", "1.0.0", "--", "true"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const id = "github-4242-deploy-staging-1.0.0";
    const [made, ...more] = mirrorOf(id);
    expect(more).toEqual([]);
    expect(made).toMatchObject({ ref: "v1.0.0", sha: repo.git("rev-parse", "v1.0.0^{commit}"), environment: "staging", payload: { version: "1.0.0", relmDeploymentId: id, project: "app" } });
    expect(made?.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(made?.statuses.every((s) => s.logUrl === RUN_URL)).toBe(true);
    const create = fake.requests.find((r) => r.endpoint === "POST /repos/{owner}/{repo}/deployments");
    expect(create?.body).toMatchObject({ auto_merge: false, required_contexts: [], environment: "staging" });
    const events = eventsOf(id);
    expect(events.map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(events[1]?.detail.forge).toEqual({ id: String(made?.id), url: "https://github.invalid/octo-org/app/deployments/staging" });
    expect(fake.violations).toEqual([]);
  });

  it("mirrors a failed command as status failure, naming the commit when GitHub does not know the tag", async () => {
    const run = await deploy(["--version", "1.0.1", "--", process.execPath, "-e", "process.exit(3)"]);
    expect(run.code).toBe(1);
    const [made, ...more] = mirrorOf("github-4242-deploy-staging-1.0.1");
    expect(more).toEqual([]);
    expect(made?.ref).toBe(repo.git("rev-parse", "v1.0.1^{commit}"));
    expect(made?.statuses.map((s) => s.state)).toEqual(["in_progress", "failure"]);
    expect(fake.violations).toEqual([]);
  });

  it("a re-run under the same id finishes the deployment it made before instead of making a second", async () => {
    const killed = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "sh", "-c", "kill -9 $PPID"]);
    expect(killed.code).not.toBe(0);
    expect(mirrorOf("mirror-7").map((d) => d.statuses.map((s) => s.state))).toEqual([["in_progress"]]);
    const resumed = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "true"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(mirrorOf("mirror-7").map((d) => d.statuses.map((s) => s.state))).toEqual([["in_progress", "success"]]);
    const asked = fake.requests.length;
    const again = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "false"]);
    expect(again.stdout).toContain("finished before");
    expect(fake.requests.length).toBe(asked);
    expect(eventsOf("mirror-7").map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(fake.violations).toEqual([]);
  });

  it("a token without deployments: write leaves a warning naming the call and the permission; the registry records the deployment and the exit code is the deployment's", async () => {
    fake.readOnly = true;
    try {
      const ok = await deploy(["--version", "1.0.0", "--id", "read-only-1", "--", "true"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toContain("relm: warning: the deployment is not mirrored to GitHub");
      expect(ok.stderr).toContain("POST /repos/{owner}/{repo}/deployments failed with 403");
      expect(ok.stderr).toContain("deployments: write");
      expect(eventsOf("read-only-1").map((e) => [e.detail.status, e.detail.forge])).toEqual([["started", undefined], ["success", undefined]]);
      const failed = await deploy(["--version", "1.0.0", "--id", "read-only-2", "--", "false"]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain("deployments: write");
      expect(eventsOf("read-only-2").map((e) => e.detail.status)).toEqual(["started", "failure"]);
      expect(mirrorOf("read-only-1")).toEqual([]);
    } finally {
      fake.readOnly = false;
    }
  });

  it("mirrors nothing with --no-mirror, RELM_DEPLOY_MIRROR=false, --forge local or without a token", async () => {
    const asked = fake.requests.length;
    const runs = [[["--no-mirror"], {}], [[], { RELM_DEPLOY_MIRROR: "false" }], [["--forge", "local"], {}], [[], { GITHUB_TOKEN: "" }]] as const;
    for (const [n, [args, extra]] of runs.entries()) {
      const run = await deploy(["--version", "1.0.0", "--id", `unmirrored-${n}`, ...args, "--", "true"], extra);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("success (exit 0)");
    }
    expect(fake.requests.length).toBe(asked);
    const mirrored = await deploy(["--version", "1.0.0", "--id", "mirrored-0", "--", "true"]);
    expect(mirrored.code, mirrored.stderr).toBe(0);
    expect(mirrorOf("mirrored-0")).toHaveLength(1);
  });
});
