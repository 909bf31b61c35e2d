// `relm close` tells the issues and pull requests a release contains that it shipped, once, on both
// forges (fakes that check every request against the platform's API description).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm } from "./support/run-relm.ts";
import { relmAsync } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";

function releasedRepo(): GitFixture {
  const repo = createGitFixture();
  repo.commit("chore: policy", { files: { ".relm.yml": "project: app\npolicy:\n  environments:\n    staging: {}\n    production: { after: [staging] }\n", ".gitignore": ".relm/\n" } });
  repo.tag("v0.9.0", { message: "v0.9.0" });
  repo.commit("fix(api): keep the session (#12)", { files: { "a.ts": "1" } });
  repo.commit("feat(ui): dark mode\n\nCloses #7\nSee other/repo#99", { files: { "b.ts": "1" } });
  writeFileSync(join(repo.dir, "app.txt"), "app");
  const published = runRelm(["publish", "app.txt"], { cwd: repo.dir });
  if (published.code !== 0) throw new Error(published.stderr);
  for (const env of ["staging", "production"]) runRelm(["deploy", "record", "--env", env, "--status", "success", "--version", "0.10.0"], { cwd: repo.dir });
  return repo;
}

describe("relm close on GitHub", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  beforeAll(async () => {
    repo = releasedRepo();
    fake = await startFakeGitHub();
    for (const number of [7, 12]) fake.state.issues.push({ number, title: `issue ${number}`, body: "", labels: [], state: "open", stateReason: null, comments: [] });
    env = { GITHUB_ACTIONS: "true", GITLAB_CI: "", GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url, GITHUB_SERVER_URL: "https://github.invalid", GITHUB_TOKEN: fake.token, RELM_GITHUB_TOKEN: "" };
  });
  afterAll(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    repo.cleanup();
  });

  it("comments on #7 and #12 (not another repository's #99) and posts nothing twice on a re-run", async () => {
    const run = await relmAsync(["close", "0.10.0"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("commented on #7 (posted), #12 (posted)");
    for (const n of [7, 12]) {
      const comments = fake.state.issues.find((i) => i.number === n)?.comments ?? [];
      expect(comments.map((c) => c.body)).toEqual(["<!-- relm-released: app 0.10.0 -->\nReleased in **0.10.0** (`v0.10.0`) to `staging`, `production`."]);
    }
    const again = await relmAsync(["close", "0.10.0"], repo.dir, env);
    expect(again.stdout).toContain("commented on #7 (found), #12 (found)");
    expect(fake.state.issues.find((i) => i.number === 7)?.comments).toHaveLength(1);
    expect(fake.requests.some((r) => r.endpoint.includes("/issues/99"))).toBe(false);
  });

  it("a comment the forge refuses is a warning; the closure stands", async () => {
    fake.state.issues.splice(fake.state.issues.findIndex((i) => i.number === 7), 1);
    const run = await relmAsync(["close", "0.10.0"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/relm: warning: #7 was not told: .*404/);
  });

  it("--no-announce and a local run tell nobody", async () => {
    const before = fake.requests.length;
    expect((await relmAsync(["close", "0.10.0", "--no-announce"], repo.dir, env)).code).toBe(0);
    expect((await relmAsync(["close", "0.10.0", "--forge", "local"], repo.dir, env)).code).toBe(0);
    expect(fake.requests.length).toBe(before);
  });
});

describe("relm close on GitLab", () => {
  let repo: GitFixture;
  let fake: FakeGitlab;
  beforeAll(async () => {
    repo = releasedRepo();
    fake = await startFakeGitlab();
    fake.state.issueNotes.set(7, []);
    fake.state.issueNotes.set(12, []);
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("adds one note to each issue the release references", async () => {
    const env = { GITLAB_CI: "true", GITHUB_ACTIONS: "", CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", GITLAB_TOKEN: "glpat-fake-token", CI_JOB_TOKEN: "" };
    const run = await relmAsync(["close", "0.10.0"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("commented on #7 (posted), #12 (posted)");
    expect((await relmAsync(["close", "0.10.0"], repo.dir, env)).stdout).toContain("#12 (found)");
    expect(fake.state.issueNotes.get(12)?.map((n) => n.body)).toEqual(["<!-- relm-released: app 0.10.0 -->\nReleased in **0.10.0** (`v0.10.0`) to `staging`, `production`."]);
    expect(fake.requests.filter((r) => r.route === "create-issue-note")).toHaveLength(2);
  });
});
