// `relm pr` on GitHub: the release PR opened, updated and closed through the API, its commit made
// with GraphQL's createCommitOnBranch (signed by GitHub), against the fake GitHub that checks every
// REST request and answer against GitHub's API description and every GraphQL one against its schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { gitObjects } from "./support/fake-github/git-data-handlers.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";

describe("relm pr on GitHub", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  const pr = (args: string[] = []) => relmAsync(["pr", "--forge", "github", "--base", "main", "--json", ...args], repo.dir, env);
  /** The fake's main follows the fixture's HEAD, with the files the release touches. */
  const pushMain = () => {
    const sha = repo.head();
    gitObjects.commits.set(sha, { parents: [], files: new Map([["package.json", repo.git("show", `${sha}:package.json`) + "\n"]]), message: "base" });
    fake.state.refs.set("heads/main", { type: "commit", sha });
    return sha;
  };
  const branchHead = () => fake.state.refs.get("heads/relm/release-main")?.sha ?? "";
  const calls = (endpoint: string) => fake.requests.filter((r) => r.endpoint === endpoint);

  beforeAll(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n' } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
    fake = await startFakeGitHub();
    env = { GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token, RELM_GITHUB_TOKEN: "" };
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("opens the PR: branch, one signed commit on main made through GraphQL, label, body with the version and candidate digest", async () => {
    const base = pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { action: string; committed: boolean; commit: string };
    expect(out).toMatchObject({ action: "opened", committed: true, commit: branchHead() });
    // The branch is made at the base head, and the mutation appends to it: no unsigned Git Data commit.
    expect(calls("POST /repos/{owner}/{repo}/git/refs").map((r) => r.body)).toEqual([{ ref: "refs/heads/relm/release-main", sha: base }]);
    expect(calls("POST /repos/{owner}/{repo}/git/commits")).toEqual([]);
    const [mutation, ...others] = calls("POST /graphql");
    expect(others).toEqual([]);
    expect(mutation?.body).toMatchObject({ query: expect.stringContaining("createCommitOnBranch"), variables: { input: { branch: { repositoryNameWithOwner: "octo-org/app", branchName: "relm/release-main" }, expectedHeadOid: base, message: { headline: "chore(release): 1.1.0" } } } });
    const [pull, ...more] = fake.state.pulls;
    expect(more).toEqual([]);
    expect(pull).toMatchObject({ title: "chore(release): 1.1.0", head: "relm/release-main", base: "main", labels: ["relm: pending"] });
    expect(pull?.body).toContain("1.1.0");
    expect(pull?.body).toMatch(/Release candidate: `sha256:[0-9a-f]{64}`/);
    const made = gitObjects.commits.get(branchHead());
    expect(made).toMatchObject({ parents: [base], signed: true, message: "chore(release): 1.1.0" });
    expect(made?.files.get("package.json")).toContain('"version": "1.1.0"');
    expect(fake.violations).toEqual([]);
  });

  it("a re-run with no change makes no new commit", async () => {
    const before = branchHead();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "unchanged", committed: false });
    expect(branchHead()).toBe(before);
    expect(calls("POST /graphql")).toHaveLength(1);
  });

  it("a new commit on main updates the same PR, which stays open: the branch moves from commit to commit, never onto main", async () => {
    repo.commit("feat!: a new API", { files: { "src/b.ts": "1" } });
    const base = pushMain();
    const before = branchHead();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "updated", committed: true, pull: { number: 1 } });
    expect(fake.state.pulls).toHaveLength(1);
    // GitHub closes a PR whose head is reset to its base (the fake too): the commit is made on a
    // scratch branch, and the release branch forced straight from the old commit onto the new one.
    expect(fake.state.pulls[0]).toMatchObject({ title: "chore(release): 2.0.0", state: "open" });
    expect(calls("POST /graphql").at(-1)?.body).toMatchObject({ variables: { input: { branch: { branchName: "relm/scratch/release-main" }, expectedHeadOid: base } } });
    const moves = calls("PATCH /repos/{owner}/{repo}/git/refs/{ref}").filter((r) => decodeURIComponent(r.path).endsWith("/git/refs/heads/relm/release-main"));
    expect(moves.map((r) => r.body)).toEqual([{ sha: branchHead(), force: true }]);
    expect(branchHead()).not.toBe(before);
    expect(gitObjects.commits.get(branchHead())).toMatchObject({ parents: [base], signed: true });
    expect(fake.state.refs.has("heads/relm/scratch/release-main")).toBe(false);
    expect(fake.violations).toEqual([]);
  });

  it("a 403 names the call that was refused", async () => {
    repo.commit("fix: one more", { files: { "src/c.ts": "1" } });
    pushMain();
    fake.readOnly = true;
    const run = await pr();
    fake.readOnly = false;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("POST /repos/{owner}/{repo}/git/refs");
    expect(run.stderr).toContain("403");
    expect(fake.state.pulls[0]?.state).toBe("open");
  });

  it("nothing to release closes the PR and says so", async () => {
    repo.tag("v2.0.0", { message: "v2.0.0" });
    pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "closed", pull: { number: 1 } });
    expect(fake.state.pulls[0]?.state).toBe("closed");
    expect(fake.violations).toEqual([]);
  });
});
