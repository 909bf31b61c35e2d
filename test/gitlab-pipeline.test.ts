// The GitLab components run for real: gitlab-ci-local (shell executor) runs a pipeline that
// includes them, in a real git repository, with relm from this checkout talking to a fake GitLab
// that answers as GitLab's REST documentation describes and rejects anything else.
import { afterAll, describe, expect, it } from "vitest";
import { cleanups, pipeline, relmCommand, repository } from "./support/gitlab-ci-local.ts";
import { startFakeGitlab } from "./support/fake-gitlab/index.ts";

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("GitLab components in a pipeline (gitlab-ci-local)", () => {
  it("plan hands version and tag to later jobs; publish stores the release in the generic package registry through 5xx and 429", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    // GitLab hiccups once on the upload and rate-limits the first registry read: relm retries both.
    fake.fault({ route: "publish-generic-package", status: 503 });
    fake.fault({ route: "download-generic-package", status: 429, headers: { "retry-after": "1" }, body: { message: "429 Too Many Requests" } });
    const repo = repository({
      "dist/app.txt": "the build output\n",
      ".gitlab-ci.yml": `stages: [build, deploy]
include:
  - local: templates/plan.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
  - local: templates/publish.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      artifacts: dist/app.txt
deploy:
  stage: deploy
  needs: [relm-plan]
  script:
    - echo "deploying $RELM_VERSION from $RELM_TAG"
`,
    });
    const result = await pipeline(repo, fake, {});
    expect(result.log).toContain("PASS  relm-plan");
    expect(result.ok, result.log).toBe(true);

    // plan: the dotenv report, the artifacts, and the outputs reaching a later job.
    expect(result.dotenv("relm-plan")).toEqual({ RELM_VERSION: "1.1.0", RELM_TAG: "v1.1.0" });
    expect(JSON.parse(result.artifact("relm-plan", "relm-out/plan.json") ?? "{}")).toMatchObject({ released: true, packages: [{ next: { version: "1.1.0", tag: "v1.1.0" } }] });
    expect(result.artifact("relm-plan", "relm-out/notes.md")).toContain("add the export endpoint");
    expect(result.jobLog("deploy")).toContain("deploying 1.1.0 from v1.1.0");

    // publish: the release record and the artifact in the project's generic packages, with the job token.
    expect(result.dotenv("relm-publish")).toMatchObject({ RELM_VERSION: "1.1.0", RELM_TAG: "v1.1.0" });
    expect(result.dotenv("relm-publish").RELM_RECORD_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    const record = JSON.parse(result.artifact("relm-publish", "relm-out/record.json") ?? "{}") as { created: boolean; digest: string; record: { version: string; artifacts: { name: string; sha256: string }[] } };
    expect(record.created).toBe(true);
    expect(record.record.version).toBe("1.1.0");
    expect(record.record.artifacts.map((a) => a.name)).toEqual(["dist/app.txt", "provenance.intoto.json"]);
    const blob = fake.state.packages.get(`relm-releases/blobs/${record.record.artifacts[0]?.sha256}`);
    expect(blob?.toString("utf8")).toBe("the build output\n");
    expect(fake.state.packages.get("relm-releases/records/1.1.0.json")?.toString("utf8")).toContain('"version":"1.1.0"');
    expect(JSON.parse(fake.state.packages.get("relm-releases/chain/head-000000001.json")?.toString("utf8") ?? "{}")).toMatchObject({ sequence: 1, version: "1.1.0" });

    // The requests: documented endpoints only, the job token, the faults retried.
    expect(fake.violations).toEqual([]);
    expect(fake.requests.every((r) => r.auth === "job-token")).toBe(true);
    const uploads = fake.requests.filter((r) => r.route === "publish-generic-package").map((r) => r.status);
    expect(uploads[0]).toBe(503);
    expect(uploads.slice(1).every((s) => s === 201)).toBe(true);
    expect(fake.requests.find((r) => r.route === "download-generic-package")?.status).toBe(429);
  });

  it("gate reads GitLab's facts, approve judges the player of the manual job, then tag makes the tag and the Release", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository({
      ".relm.yml": "policy:\n  branches: [main]\n  checks: [unit-tests]\napproval:\n  quorum: 1\n  users: [carol]\n",
      ".gitlab-ci.yml": `stages: [test, signoff, deploy]
include:
  - local: templates/gate.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
  - local: templates/tag.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      milestones: "1.1"
  - local: templates/approve.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: manual }]
      stage: signoff
      approval_mode: manual-job
`,
    });
    const head = repo.head();
    fake.state.milestones.add("1.1");
    fake.state.pipelines.push({ id: 900, sha: head, ref: "main", status: "success" });
    fake.state.statuses.push({ id: 1, sha: head, name: "unit-tests", status: "success" });
    // A Christmas freeze declared in GitLab: read, and not in force in November.
    fake.state.freezePeriods.push({ id: 3, freeze_start: "0 0 24 12 *", freeze_end: "0 0 27 12 *", cron_timezone: "UTC" });
    fake.state.users.set("carol", 3);
    fake.state.jobs.set(501, { id: 501, name: "relm-approve", status: "running", username: "carol", started_at: new Date().toISOString() });

    const result = await pipeline(repo, fake, { GITLAB_TOKEN: "glpat-fake-token", CI_JOB_ID: "501", GITLAB_USER_LOGIN: "mallory", CI_PIPELINE_ID: "1000" }, ["relm-approve"]);
    expect(result.ok, result.log).toBe(true);

    // gate: allowed, with GitLab's pipeline, statuses and freeze periods read.
    expect(result.dotenv("relm-gate")).toEqual({ RELM_DECISION: "allowed" });
    // gitlab-ci-local reads GitLab's section markers and prints "<name>_started" / "<name> took".
    expect(result.jobLog("relm-gate")).toMatch(/relm_gate_started\n[^]*relm gate: ALLOWED for production[^]*relm_gate took \d+ms/);
    expect(JSON.parse(result.artifact("relm-gate", "relm-out/decision.json") ?? "{}")).toMatchObject({ allowed: true });
    for (const route of ["list-pipelines", "list-commit-statuses", "list-freeze-periods"]) expect(fake.requests.some((r) => r.route === route), route).toBe(true);

    // tag: the annotated tag through the API, the Release with notes and milestone, the outputs.
    expect(fake.state.tags.get("v1.1.0")).toMatchObject({ commit: head });
    expect(fake.state.tags.get("v1.1.0")?.message).toContain("add the export endpoint");
    const release = fake.state.releases.get("v1.1.0");
    expect(release?.description).toContain("add the export endpoint");
    expect(release?.milestones).toEqual(["1.1"]);
    expect(result.dotenv("relm-tag")).toEqual({ RELM_VERSION: "1.1.0", RELM_TAG: "v1.1.0", RELM_CANDIDATE_DIGEST: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });

    // approve: carol played the job (the job API says so, GITLAB_USER_LOGIN notwithstanding).
    const approval = JSON.parse(result.artifact("relm-approve", "relm-out/approval.json") ?? "{}") as { valid: boolean; verdict: { approvers?: string[] } };
    expect(approval.valid).toBe(true);
    expect(result.dotenv("relm-approve")).toEqual({ RELM_APPROVAL: "valid", RELM_CANDIDATE_DIGEST: result.dotenv("relm-tag").RELM_CANDIDATE_DIGEST });
    expect(JSON.stringify(approval)).toContain("carol");
    expect(JSON.stringify(approval)).not.toContain("mallory");
    expect(fake.requests.find((r) => r.route === "show-job")).toMatchObject({ path: "/projects/42/jobs/501", auth: "private-token", status: 200 });

    expect(fake.violations).toEqual([]);
    expect(fake.requests.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
  });

  it("gate: the pipeline's RELM_OVERRIDE_REASON breaks glass for the user it runs for, and the decision records who, why and what it lifted", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository({
      ".relm.yml": "policy:\n  freezes:\n    - { name: always, from: 2020-01-01, until: 2100-01-01 }\n  override:\n    users: [alice]\n    rules: [freeze]\n",
      ".gitlab-ci.yml": `include:
  - local: templates/gate.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      override_rules: freeze
`,
    });
    const variables = { GITLAB_TOKEN: "glpat-fake-token", CI_PIPELINE_ID: "1000", RELM_OVERRIDE_REASON: "INC-12 checkout down" };
    const alice = await pipeline(repo, fake, { ...variables, GITLAB_USER_LOGIN: "alice" });
    expect(alice.ok, alice.log).toBe(true);
    expect(alice.dotenv("relm-gate")).toEqual({ RELM_DECISION: "allowed" });
    expect(JSON.parse(alice.artifact("relm-gate", "relm-out/decision.json") ?? "{}")).toMatchObject({
      allowed: true,
      override: { by: "alice", via: "input", reason: "INC-12 checkout down", rules: ["freeze"], accepted: true, lifted: ["RELM_GATE_FREEZE"] },
    });
    expect(alice.jobLog("relm-gate")).toContain("override by alice via input");
    const mallory = await pipeline(repo, fake, { ...variables, GITLAB_USER_LOGIN: "mallory" });
    expect(mallory.ok).toBe(false);
    expect(JSON.parse(mallory.artifact("relm-gate", "relm-out/decision.json") ?? "{}")).toMatchObject({ allowed: false, override: { by: "mallory", accepted: false } });
    expect(fake.violations).toEqual([]);
  });

  it("release: a run that fails at publish leaves tag and Release; the re-run completes it and links the package files", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository({
      "dist/app.txt": "release build\n",
      ".gitlab-ci.yml": `stages: [deploy]
include:
  - local: templates/release.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      artifacts: dist/app.txt
`,
    });
    // The package registry is down for longer than relm retries.
    fake.fault({ route: "publish-generic-package", status: 500, times: 4 });
    const variables = { GITLAB_TOKEN: "glpat-fake-token" };
    const first = await pipeline(repo, fake, variables);
    expect(first.ok).toBe(false);
    expect(first.jobLog("relm-release")).toContain("failed with 500 after 4 attempts");
    expect(fake.state.tags.get("v1.1.0")?.commit).toBe(repo.head());
    expect(fake.state.releases.get("v1.1.0")?.links).toEqual([]);
    expect(fake.state.packages.has("relm-releases/records/1.1.0.json")).toBe(false);

    const second = await pipeline(repo, fake, variables);
    expect(second.ok, second.log).toBe(true);
    const dotenv = second.dotenv("relm-release");
    expect(dotenv).toMatchObject({ RELM_VERSION: "1.1.0", RELM_TAG: "v1.1.0", RELM_DECISION: "allowed" });
    expect(dotenv.RELM_RECORD_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fake.requests.filter((r) => r.route === "create-tag")).toHaveLength(1);
    expect(fake.requests.filter((r) => r.route === "create-release")).toHaveLength(1);
    expect(fake.state.releases.get("v1.1.0")?.links.map((l) => l.name)).toEqual(["dist/app.txt", "provenance.intoto.json", "release record 1.1.0"]);
    expect(fake.state.packages.has("relm-releases/records/1.1.0.json")).toBe(true);
    expect(fake.violations).toEqual([]);
  });
});

