// After `relm tag` on GitLab, the release MR whose merge made the tagged commit gets `relm: tagged`
// in place of `relm: pending`; an MR a person opened is left alone. Against the fake GitLab, which
// checks every request against GitLab's API documentation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { seedCommit, startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";

const MARKER = "<!-- relm:release-pr -->";

describe("the release MR after the tag", () => {
  let repo: GitFixture;
  let fake: FakeGitlab;
  const tag = () =>
    relmAsync(["tag", "--forge", "gitlab"], repo.dir, {
      CI_SERVER_URL: fake.url, CI_API_V4_URL: "", RELM_GITLAB_HOST: "", CI_PROJECT_ID: "42", RELM_GITLAB_PROJECT: "", GITLAB_TOKEN: "glpat-fake-token", RELM_GITLAB_TOKEN: "",
      GITHUB_ACTIONS: "", GITLAB_CI: "", CI_JOB_TOKEN: "",
    });
  /** A merged MR whose merge made HEAD; relm's when `marked`. */
  const mergedMr = (marked: boolean) => {
    const iid = fake.state.mergeRequests.length + 1;
    fake.state.mergeRequests.push({
      id: 7000 + iid, iid, source_branch: `relm/release-main-${iid}`, target_branch: "main", title: "chore(release): 1.1.0", description: `${marked ? `${MARKER}\n` : ""}## Release`,
      labels: ["relm: pending", "team"], state: "merged", remove_source_branch: true, notes: [], merge_commit_sha: repo.head(),
    });
    return iid;
  };

  beforeEach(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "README.md": "app\n" } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
    fake = await startFakeGitlab();
    seedCommit(fake.state, { id: repo.head(), files: { "README.md": "app\n" } }, "main");
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    repo.cleanup();
  });

  it("relm tag: the merged release MR is labelled relm: tagged, keeps its other labels and loses relm: pending", async () => {
    const iid = mergedMr(true);
    const run = await tag();
    expect(run.code, run.stderr).toBe(0);
    expect(fake.requests.filter((r) => r.route === "create-tag" && r.status === 201)).toHaveLength(1);
    const mr = fake.state.mergeRequests.find((m) => m.iid === iid);
    expect(mr?.labels.sort()).toEqual(["relm: tagged", "team"]);
    expect(fake.requests.filter((r) => r.route === "list-commit-merge-requests")).toHaveLength(1);
  });

  it("an MR a person opened is left alone", async () => {
    const iid = mergedMr(false);
    const run = await tag();
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.mergeRequests.find((m) => m.iid === iid)?.labels).toEqual(["relm: pending", "team"]);
    expect(fake.requests.filter((r) => r.route === "update-merge-request")).toEqual([]);
  });
});
