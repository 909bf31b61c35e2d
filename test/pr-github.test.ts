// `relm pr` on GitHub: the release PR opened, updated and closed through the API, against the fake
// GitHub that checks every request and answer against GitHub's API description.
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

  it("opens the PR: branch, one commit on main, label, body with the version and candidate digest", async () => {
    const base = pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { action: string; committed: boolean };
    expect(out).toMatchObject({ action: "opened", committed: true });
    const [pull, ...more] = fake.state.pulls;
    expect(more).toEqual([]);
    expect(pull).toMatchObject({ title: "chore(release): 1.1.0", head: "relm/release-main", base: "main", labels: ["relm: pending"] });
    expect(pull?.body).toContain("1.1.0");
    expect(pull?.body).toMatch(/Release candidate: `sha256:[0-9a-f]{64}`/);
    const made = gitObjects.commits.get(branchHead());
    expect(made?.parents).toEqual([base]);
    expect(made?.files.get("package.json")).toContain('"version": "1.1.0"');
    expect(fake.violations).toEqual([]);
  });

  it("a re-run with no change makes no new commit", async () => {
    const before = branchHead();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "unchanged", committed: false });
    expect(branchHead()).toBe(before);
    expect(fake.requests.filter((r) => r.endpoint === "POST /repos/{owner}/{repo}/git/commits")).toHaveLength(1);
  });

  it("a new commit on main updates the same PR", async () => {
    repo.commit("feat!: a new API", { files: { "src/b.ts": "1" } });
    const base = pushMain();
    const run = await pr();
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "updated", committed: true, pull: { number: 1 } });
    expect(fake.state.pulls).toHaveLength(1);
    expect(fake.state.pulls[0]?.title).toBe("chore(release): 2.0.0");
    expect(gitObjects.commits.get(branchHead())?.parents).toEqual([base]);
    expect(fake.violations).toEqual([]);
  });

  it("a 403 names the call that was refused", async () => {
    repo.commit("fix: one more", { files: { "src/c.ts": "1" } });
    pushMain();
    fake.readOnly = true;
    const run = await pr();
    fake.readOnly = false;
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("POST /repos/{owner}/{repo}/git/trees");
    expect(run.stderr).toContain("403");
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
