// The release MR end to end on a pnpm workspace: `relm pr` writes the release commit through the
// fake GitLab's API, the MR is merged (its branch's files land on main as one squashed commit, as
// GitLab's squash merge does), and the release job then tags exactly the versions the MR showed.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { seedCommit, startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";
import type { GitFixture } from "./support/git-fixture.ts";
import { pnpmWorkspaceFixture } from "./support/pnpm-workspace-fixture.ts";
import { runRelm } from "./support/run-relm.ts";

describe("merging the release MR releases what it showed", () => {
  let repo: GitFixture;
  let fake: FakeGitlab;
  const local = { GITHUB_ACTIONS: "", GITLAB_CI: "" };
  beforeAll(async () => {
    repo = pnpmWorkspaceFixture();
    fake = await startFakeGitlab();
    // The fake's main is the fixture's HEAD, with the files a release writes to.
    const files = Object.fromEntries(repo.git("ls-files").split("\n").map((path) => [path, repo.git("show", `HEAD:${path}`) + "\n"]));
    seedCommit(fake.state, { id: repo.head(), files }, "main");
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("opens the MR, and after the merge the release job tags exactly its versions", async () => {
    const env = { ...local, CI_API_V4_URL: fake.apiUrl, CI_PROJECT_ID: "42", RELM_GITLAB_PROJECT: "", RELM_GITLAB_HOST: "", RELM_GITLAB_TOKEN: "glpat-fake-token", GITLAB_TOKEN: "", CI_JOB_TOKEN: "" };
    const run = await relmAsync(["pr", "--forge", "gitlab", "--base", "main", "--json"], repo.dir, env);
    expect(run.code, run.stderr).toBe(0);
    const [mr] = fake.state.mergeRequests;
    const shown = [...(mr?.description ?? "").matchAll(/\(tag `([^`]+)`\)/g)].map((m) => m[1]).sort();
    expect(shown).toEqual(["@shop/app@3.2.1", "@shop/core@1.5.0", "@shop/ui@0.9.1"]);
    expect(fake.violations).toEqual([]);

    // The merge: the release branch's tree on main, one commit titled as the MR.
    const head = fake.state.commits.get(fake.state.branches.get("relm/release-main") ?? "");
    for (const [path, text] of head?.files ?? []) {
      mkdirSync(dirname(join(repo.dir, path)), { recursive: true });
      writeFileSync(join(repo.dir, path), text);
    }
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", mr?.title ?? "");
    expect(JSON.parse(repo.git("show", "HEAD:packages/core/package.json"))).toMatchObject({ version: "1.5.0" });

    const release = runRelm(["release", "--cwd", repo.dir, "--approve", "alice"], { env: local });
    expect(release.code, release.stderr).toBe(0);
    expect(repo.git("tag", "--points-at", "HEAD").split("\n").sort()).toEqual(shown);
    expect(runRelm(["version", "--cwd", repo.dir], { env: local }).stdout).toBe("");
  });
});
