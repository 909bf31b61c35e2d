// `relm deploy` on GitLab: each deployment recorded in the registry is mirrored as a GitLab deployment
// made through the API, against the fake GitLab that rejects any request its API documentation does not describe.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitFixture } from "./support/git-fixture.ts";
import { deployFixture, relmAsync, storedEvents } from "./support/deploy-fixture.ts";
import { startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";

describe("relm deploy mirrored to GitLab", () => {
  let repo: GitFixture;
  let fake: FakeGitlab;
  let env: Record<string, string>;
  const deploy = (args: string[], extra: Record<string, string> = {}) => relmAsync(["deploy", "--env", "staging", ...args], repo.dir, { ...env, ...extra });
  const eventsOf = (id: string) => storedEvents(repo.dir).filter((e) => e.detail.deploymentId === id);
  const made = () => fake.state.deployments.filter((d) => d.viaApi);
  const forgeIdOf = (e: { detail: Record<string, unknown> } | undefined) => (e?.detail.forge as { id?: string } | undefined)?.id;
  const commitOf = (tag: string) => repo.git("rev-parse", `${tag}^{commit}`);

  beforeAll(async () => {
    repo = deployFixture(2);
    fake = await startFakeGitlab();
    env = {
      GITLAB_CI: "true",
      GITHUB_ACTIONS: "",
      CI_SERVER_URL: fake.url,
      CI_PROJECT_ID: "42",
      CI_PROJECT_URL: "https://gitlab.invalid/acme/app",
      CI_PIPELINE_ID: "777",
      CI_PIPELINE_URL: "https://gitlab.invalid/acme/app/-/pipelines/777",
      CI_JOB_NAME: "deploy",
      GITLAB_TOKEN: "glpat-fake-token",
      RELM_GITLAB_TOKEN: "",
      RELM_DEPLOY_MIRROR: "",
    };
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("makes one GitLab deployment of the tag, running then success, and keeps its id in the registry", async () => {
    const run = await deploy(["--version", "1.0.0", "--", "true"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(made().map((d) => ({ environment: d.environment, sha: d.sha, ref: d.ref, tag: d.tag, status: d.status }))).toEqual([
      { environment: "staging", sha: commitOf("v1.0.0"), ref: "v1.0.0", tag: true, status: "success" },
    ]);
    const writes = fake.requests.filter((r) => r.method !== "GET").map((r) => [r.route, r.args.status]);
    expect(writes).toEqual([["create-deployment", "running"], ["update-deployment", "success"]]);
    const events = eventsOf("gitlab-777-deploy-staging-1.0.0");
    expect(events.map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(events[1]?.detail.forge).toEqual({ id: String(made()[0]?.id), url: "https://gitlab.invalid/acme/app/-/environments/1" });
    expect(fake.violations).toEqual([]);
  });

  it("mirrors a failed command as status failed", async () => {
    const run = await deploy(["--version", "1.0.1", "--", process.execPath, "-e", "process.exit(3)"]);
    expect(run.code).toBe(1);
    expect(made().filter((d) => d.ref === "v1.0.1").map((d) => d.status)).toEqual(["failed"]);
    expect(fake.violations).toEqual([]);
  });

  it("a re-run under the same id finishes the deployment it made before, and leaves a job's own deployment alone", async () => {
    // What GitLab makes for a job that declares `environment:`: running, same commit and tag, but the job's.
    const now = new Date().toISOString();
    fake.state.deployments.push({ id: 50, iid: 50, environment: "staging", sha: commitOf("v1.0.0"), ref: "v1.0.0", tag: true, status: "running", pipelineId: 777, created_at: now, updated_at: now });
    const before = made().length;
    const killed = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "sh", "-c", "kill -9 $PPID"]);
    expect(killed.code).not.toBe(0);
    expect(made().slice(before).map((d) => d.status)).toEqual(["running"]);
    const resumed = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "true"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(made().slice(before).map((d) => d.status)).toEqual(["success"]);
    expect(fake.state.deployments.find((d) => d.id === 50)?.status).toBe("running");
    const asked = fake.requests.length;
    const again = await deploy(["--version", "1.0.0", "--id", "mirror-7", "--", "false"]);
    expect(again.stdout).toContain("finished before");
    expect(fake.requests.length).toBe(asked);
    expect(eventsOf("mirror-7").map((e) => e.detail.status)).toEqual(["started", "success"]);
    expect(fake.violations).toEqual([]);
  });

  it("a 403 leaves a warning naming the call and the role needed; the registry records the deployment and the exit code is the deployment's", async () => {
    fake.fault({ route: "create-deployment", status: 403, body: { message: "403 Forbidden" }, times: 2 });
    const before = made().length;
    const ok = await deploy(["--version", "1.0.0", "--id", "forbidden-1", "--", "true"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("relm: warning: the deployment is not mirrored to GitLab");
    expect(ok.stderr).toContain("POST /projects/:id/deployments failed with 403");
    expect(ok.stderr).toContain("Developer role");
    expect(ok.stderr).toContain("api scope");
    expect(eventsOf("forbidden-1").map((e) => [e.detail.status, e.detail.forge])).toEqual([["started", undefined], ["success", undefined]]);
    const failed = await deploy(["--version", "1.0.0", "--id", "forbidden-2", "--", "false"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Developer role");
    expect(eventsOf("forbidden-2").map((e) => e.detail.status)).toEqual(["started", "failure"]);
    expect(made().length).toBe(before);
  });

  it("a failed update is a warning too: the deployment stays recorded as it ended", async () => {
    fake.fault({ route: "update-deployment", status: 403, body: { message: "403 Forbidden" } });
    const run = await deploy(["--version", "1.0.0", "--id", "forbidden-3", "--", "true"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("the deployment's success is not mirrored to GitLab");
    expect(run.stderr).toContain("PUT /projects/:id/deployments/:deployment_id failed with 403");
    const events = eventsOf("forbidden-3");
    expect(events.map((e) => e.detail.status)).toEqual(["started", "success"]);
    const stale = fake.state.deployments.find((d) => String(d.id) === forgeIdOf(events[1]));
    expect(stale?.status).toBe("running");
    // The next deployment of the same release gets a mirror of its own: the stale one belongs to forbidden-3.
    const next = await deploy(["--version", "1.0.0", "--id", "after-stale", "--", "true"]);
    expect(next.code, next.stderr).toBe(0);
    const forge = forgeIdOf(eventsOf("after-stale")[1]);
    expect(forge).toBeDefined();
    expect(forge).not.toBe(String(stale?.id));
    expect(stale?.status).toBe("running");
    expect(fake.violations).toEqual([]);
  });

  it("relm deploy record and relm backout mirror their deployments alike", async () => {
    const recorded = await relmAsync(["deploy", "record", "--env", "staging", "--version", "1.0.1", "--id", "by-hand", "--status", "success"], repo.dir, env);
    expect(recorded.code, recorded.stderr).toBe(0);
    const byHand = forgeIdOf(eventsOf("by-hand")[1]);
    expect(fake.state.deployments.find((d) => String(d.id) === byHand)).toMatchObject({ ref: "v1.0.1", status: "success", viaApi: true });
    const backout = await relmAsync(["backout", "--env", "staging", "--reason", "errors after 1.0.1", "--id", "back-1", "--", "true"], repo.dir, env);
    expect(backout.code, backout.stderr).toBe(0);
    const back = forgeIdOf(eventsOf("back-1").at(-1));
    expect(fake.state.deployments.find((d) => String(d.id) === back)).toMatchObject({ ref: "v1.0.0", status: "success", viaApi: true });
    expect(fake.violations).toEqual([]);
  });

  it("mirrors nothing with --no-mirror, RELM_DEPLOY_MIRROR=false, --forge local, without a token, or in a job whose environment: GitLab records", async () => {
    const asked = fake.requests.length;
    const runs = [
      [["--no-mirror"], {}],
      [[], { RELM_DEPLOY_MIRROR: "false" }],
      [["--forge", "local"], {}],
      [[], { GITLAB_TOKEN: "", CI_JOB_TOKEN: "" }],
      [[], { CI_ENVIRONMENT_NAME: "staging" }],
    ] as const;
    for (const [n, [args, extra]] of runs.entries()) {
      const run = await deploy(["--version", "1.0.0", "--id", `unmirrored-${n}`, ...args, "--", "true"], extra);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("success (exit 0)");
    }
    expect(fake.requests.length).toBe(asked);
    // Another environment's job, or RELM_DEPLOY_MIRROR=true, mirrors it all the same.
    const before = made().length;
    const mirrored: Record<string, string>[] = [{ CI_ENVIRONMENT_NAME: "review" }, { CI_ENVIRONMENT_NAME: "staging", RELM_DEPLOY_MIRROR: "true" }];
    for (const [n, extra] of mirrored.entries()) {
      const run = await deploy(["--version", "1.0.0", "--id", `mirrored-${n}`, "--", "true"], extra);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(made().length).toBe(before + 2);
    expect(fake.violations).toEqual([]);
  });
});
