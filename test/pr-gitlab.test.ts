// `relm pr` on GitLab: the release MR opened, updated and closed through the API, its commit made
// with the commits API's file actions, against the fake GitLab that checks every request against
// GitLab's API documentation and applies the commit's actions to its own repository.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { seedCommit, startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { cleanups, pipeline, relmCommand, repository } from "./support/gitlab-ci-local.ts";

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe("relm pr on GitLab", () => {
  let repo: GitFixture;
  let fake: FakeGitlab;
  let env: Record<string, string>;
  const pr = (args: string[] = [], extra: Record<string, string> = {}) => relmAsync(["pr", "--forge", "gitlab", "--base", "main", "--json", ...args], repo.dir, { ...env, ...extra });
  /** The fake's main follows the fixture's HEAD (on top of the previous one), with the files the release touches. */
  let pushed: string | undefined;
  const pushMain = () => {
    const id = repo.head();
    seedCommit(fake.state, { id, ...(pushed ? { parents: [pushed] } : {}), files: { "package.json": repo.git("show", `${id}:package.json`) + "\n" } }, "main");
    pushed = id;
    return id;
  };
  const branchHead = () => fake.state.branches.get("relm/release-main") ?? "";
  const commitRequests = () => fake.requests.filter((r) => r.route === "create-commit");

  beforeAll(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n' } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
    fake = await startFakeGitlab();
    // CI_API_V4_URL, as a GitLab job has it; CI_SERVER_URL points nowhere, so the API base must come from it.
    env = {
      GITHUB_ACTIONS: "", GITLAB_CI: "", CI_API_V4_URL: fake.apiUrl, CI_SERVER_URL: "http://127.0.0.1:9", RELM_GITLAB_HOST: "", CI_PROJECT_ID: "42",
      RELM_GITLAB_PROJECT: "", RELM_GITLAB_TOKEN: "glpat-fake-token", GITLAB_TOKEN: "", CI_JOB_TOKEN: "", CI_COMMIT_BRANCH: "",
    };
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("opens the MR: one commit on main via the commits API, label, description with marker, version, notes and candidate digest", async () => {
    const base = pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { action: string; committed: boolean; pull: { number: number; url: string } };
    expect(out).toMatchObject({ action: "opened", committed: true, pull: { number: 1, url: "https://gitlab.invalid/acme/app/-/merge_requests/1" } });
    const [mr, ...more] = fake.state.mergeRequests;
    expect(more).toEqual([]);
    expect(mr).toMatchObject({ title: "chore(release): 1.1.0", source_branch: "relm/release-main", target_branch: "main", labels: ["relm: pending"], state: "opened", remove_source_branch: true });
    expect(mr?.description).toContain("<!-- relm:release-pr -->");
    expect(mr?.description).toContain("1.1.0");
    expect(mr?.description).toContain("a widget");
    expect(mr?.description).toMatch(/Release candidate: `sha256:[0-9a-f]{64}`/);
    const made = fake.state.commits.get(branchHead());
    expect(made?.parents).toEqual([base]);
    expect(made?.message).toBe("chore(release): 1.1.0\n");
    expect(made?.files.get("package.json")).toContain('"version": "1.1.0"');
    // One call, forced from the base head: no push, and main itself is never written.
    const [sent] = commitRequests();
    expect(sent?.args).toMatchObject({ branch: "relm/release-main", start_sha: base, force: true });
    expect(sent?.args.actions).toEqual(expect.arrayContaining([expect.objectContaining({ action: "update", file_path: "package.json" })]));
    expect(fake.state.branches.get("main")).toBe(base);
    expect(fake.requests.every((r) => r.auth === "private-token")).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it("a re-run with no new commit makes no commit and reports unchanged", async () => {
    const before = branchHead();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "unchanged", committed: false, pull: { number: 1 } });
    expect(branchHead()).toBe(before);
    expect(commitRequests()).toHaveLength(1);
    // It read the release branch's files back through the raw file API to know.
    expect(fake.requests.some((r) => r.route === "get-raw-file" && r.args.ref === before)).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it("a new commit on main updates the same MR: a new commit on relm/release-main whose parent is the new base head", async () => {
    repo.commit("feat!: a new API", { files: { "src/b.ts": "1" } });
    const base = pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "updated", committed: true, pull: { number: 1 } });
    expect(fake.state.mergeRequests).toHaveLength(1);
    expect(fake.state.mergeRequests[0]).toMatchObject({ title: "chore(release): 2.0.0", labels: ["relm: pending"] });
    expect(fake.state.mergeRequests[0]?.description).toContain("a new API");
    const made = fake.state.commits.get(branchHead());
    expect(made?.parents).toEqual([base]);
    expect(made?.files.get("package.json")).toContain('"version": "2.0.0"');
    expect(commitRequests()).toHaveLength(2);
    expect(fake.violations).toEqual([]);
  });

  it("a 403 from the commits API names the call and the permission the token needs", async () => {
    repo.commit("fix: one more", { files: { "src/c.ts": "1" } });
    pushMain();
    fake.fault({ route: "create-commit", status: 403, body: { message: "403 Forbidden - You are not allowed to push into this branch" } });
    const run = await pr();
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("POST /projects/:id/repository/commits");
    expect(run.stderr).toContain("403");
    expect(run.stderr).toContain("Developer role");
    expect(run.stderr).toContain("RELM_GITLAB_TOKEN");
  });

  it("nothing to release closes the MR with a note saying why", async () => {
    repo.tag("v2.0.0", { message: "v2.0.0" });
    pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "closed", pull: { number: 1 } });
    const [mr] = fake.state.mergeRequests;
    expect(mr?.state).toBe("closed");
    expect(mr?.notes.map((n) => n.body)).toEqual([expect.stringContaining("Nothing to release any more")]);
    expect(fake.violations).toEqual([]);
  });

  it("in a GitLab job with only CI_JOB_TOKEN it stops before any call, naming the variable to set", async () => {
    const before = fake.requests.length;
    const run = await relmAsync(["pr", "--json"], repo.dir, { ...env, GITLAB_CI: "true", RELM_GITLAB_TOKEN: "", CI_JOB_TOKEN: "job-token-fake", CI_COMMIT_BRANCH: "main" });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("RELM_PR_GITLAB_TOKEN");
    expect(run.stderr).toContain("CI_JOB_TOKEN");
    expect(run.stderr).toContain("Set RELM_GITLAB_TOKEN");
    expect(fake.requests).toHaveLength(before);
  });
});

describe("the pr component in a pipeline (gitlab-ci-local)", () => {
  it("included in a push pipeline, it opens the release MR with the project's RELM_GITLAB_TOKEN and keeps the result as an artifact", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const manifest = '{\n  "name": "app",\n  "version": "1.0.0"\n}\n';
    const repo = repository({
      "package.json": manifest,
      ".gitlab-ci.yml": `stages: [build]
include:
  - local: templates/pr.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
`,
    });
    seedCommit(fake.state, { id: repo.head(), files: { "package.json": manifest } }, "main");
    const result = await pipeline(repo, fake, { RELM_GITLAB_TOKEN: "glpat-fake-token" });
    expect(result.log, result.log).toContain("PASS  relm-pr");
    expect(JSON.parse(result.artifact("relm-pr", "relm-out/pr.json") ?? "{}")).toMatchObject({ action: "opened", branch: "relm/release-main", pull: { number: 1 } });
    expect(fake.state.mergeRequests[0]).toMatchObject({ title: "chore(release): 1.1.0", source_branch: "relm/release-main", target_branch: "main", labels: ["relm: pending"] });
    expect(fake.requests.every((r) => r.auth === "private-token")).toBe(true);
    expect(fake.violations).toEqual([]);
  });
});
