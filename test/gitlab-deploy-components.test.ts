// The deploy, rollout and backout components run for real: gitlab-ci-local (shell executor) runs a
// pipeline that deploys a published release to staging, rolls it out to production as a canary, and
// backs it out in a manual job; the registry's chain must hold every step.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanups, pipeline, relmCommand, repository } from "./support/gitlab-ci-local.ts";
import { startFakeGitlab } from "./support/fake-gitlab/index.ts";
import { runRelm } from "./support/run-relm.ts";
import { storedEvents } from "./support/deploy-fixture.ts";

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const policy = `project: app
registry: { url: file:.relm/registry }
policy:
  environments:
    staging: {}
    production:
      after: [staging]
      rollout:
        strategy: canary
        steps: [50%, 100%]
        hook: [sh, -c, 'echo "$RELM_ROLLOUT_ACTION $RELM_ROLLOUT_PERCENT $RELM_VERSION" >> traffic.log']
        verify: [{ command: [sh, -c, 'test -f app.txt'] }]
`;

describe("the deploy, rollout and backout components (gitlab-ci-local)", () => {
  it("deploy to staging, canary to production, then a manual back-out, each recorded in the chain", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const common = `relm_command: ${relmCommand}\n      rules: [{ when: on_success }]`;
    const repo = repository({
      ".relm.yml": policy,
      ".gitignore": ".relm/\ntraffic.log\ndeployed.txt\n.gitlab-ci-local/\n",
      "app.txt": "the app\n",
      ".gitlab-ci.yml": `stages: [staging, production, backout]
include:
  - local: templates/deploy.yml
    inputs:
      ${common}
      stage: staging
      environment: staging
      command: 'echo "$RELM_VERSION to $RELM_ENVIRONMENT" >> deployed.txt'
  - local: templates/rollout.yml
    inputs:
      ${common}
      stage: production
      environment: production
  - local: templates/backout.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: manual }]
      stage: backout
      environment: production
      to: 1.0.0
`,
    });
    // Two published releases: 1.0.0 (its tag's commit, deployed to production before) and 1.1.0 at HEAD.
    repo.checkout("v1.0.0");
    writeFileSync(join(repo.dir, "app.txt"), "the app 1.0.0\n");
    writeFileSync(join(repo.dir, ".relm.yml"), policy);
    const first = runRelm(["publish", "app.txt"], { cwd: repo.dir });
    rmSync(join(repo.dir, ".relm.yml"));
    rmSync(join(repo.dir, "app.txt"));
    repo.checkout("main");
    expect(first.code, first.stderr).toBe(0);
    expect(runRelm(["deploy", "record", "--env", "production", "--version", "1.0.0", "--status", "success"], { cwd: repo.dir }).code).toBe(0);
    const second = runRelm(["publish", "app.txt"], { cwd: repo.dir });
    expect(second.code, second.stderr).toBe(0);

    const result = await pipeline(repo, fake, { GITLAB_TOKEN: "glpat-fake-token", CI_PIPELINE_ID: "1000", RELM_BACKOUT_REASON: "error rate 3% at 100%" }, ["relm-backout"]);
    expect(result.ok, result.log).toBe(true);
    for (const job of ["relm-deploy", "relm-rollout", "relm-backout"]) expect(result.log).toContain(`PASS  ${job}`);

    expect(readFileSync(join(repo.dir, "deployed.txt"), "utf8")).toBe("1.1.0 to staging\n");
    expect(readFileSync(join(repo.dir, "traffic.log"), "utf8").trim().split("\n")).toEqual(["step 50 1.1.0", "step 100 1.1.0"]);
    expect(result.jobLog("relm-rollout")).toContain("step 2 (100%) of the rollout to production: success; the rollout is complete");

    const events = storedEvents(repo.dir);
    const line = (e: (typeof events)[number]) => `${e.event} ${e.subject.version} ${String(e.detail.environment)} ${String((e.event === "rollout" ? e.detail.action : e.detail.status) ?? "")}`;
    expect(events.map(line)).toEqual([
      "deployment 1.0.0 production started",
      "deployment 1.0.0 production success",
      "deployment 1.1.0 staging started",
      "deployment 1.1.0 staging success",
      "deployment 1.1.0 production started",
      "rollout 1.1.0 production start",
      "rollout 1.1.0 production step",
      "rollout 1.1.0 production step",
      "rollout 1.1.0 production complete",
      "deployment 1.1.0 production success",
      "backout 1.1.0 production ",
      "deployment 1.0.0 production started",
      "deployment 1.0.0 production success",
    ]);
    const backout = events.find((e) => e.event === "backout");
    expect(backout?.detail).toMatchObject({ to: "1.0.0", reason: "error rate 3% at 100%" });
    // The pipeline's ids: a retried job resumes instead of deploying twice.
    expect(String(events[2]?.detail.deploymentId)).toMatch(/^gitlab-\d+-relm-deploy-staging-head$/);
    expect(runRelm(["verify"], { cwd: repo.dir }).code).toBe(0);

    // The failed release is not promoted again.
    const gate = runRelm(["gate", "--env", "production", "--version", "1.1.0", "--json"], { cwd: repo.dir });
    expect(gate.stdout).toContain("RELM_GATE_FAILED_RELEASE");
  });
});
