// After `relm tag` / `relm release` on GitHub, the release PR the tagged commit was merged from gets
// `relm: tagged` in place of `relm: pending`; a PR a person opened is left alone, and a failure to
// label only warns. Against the fake GitHub, which checks every call against GitHub's description.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";

const MARKER = "<!-- relm:release-pr -->";

describe("the release PR after the tag", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  const relm = (args: string[]) => relmAsync([...args, "--forge", "github"], repo.dir, env);

  /** A merged PR whose merge made HEAD, as GitHub lists it for that commit; opened by relm when `marked`. */
  const mergedPull = (number: number, marked: boolean) => {
    const pull = { number, title: "chore(release): 1.1.0", body: `${marked ? `${MARKER}\n` : ""}## Release`, labels: ["relm: pending"], state: "closed" as const, mergeCommit: repo.head(), commits: ["0".repeat(40)], head: "relm/release-main", base: "main", author: "github-actions[bot]" };
    fake.state.pulls.push(pull);
    fake.state.issues.push({ number, title: pull.title, body: pull.body, labels: [...pull.labels], state: "closed", stateReason: "completed", comments: [] });
    return pull;
  };

  beforeEach(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n' } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
    repo.commit("chore(release): 1.1.0", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.1.0"\n}\n' } });
    fake = await startFakeGitHub();
    env = { GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url, GITHUB_TOKEN: fake.token };
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    repo.cleanup();
  });

  it("relm tag: the merged release PR is labelled relm: tagged and loses relm: pending", async () => {
    const pull = mergedPull(7, true);
    const run = await relm(["tag"]);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.refs.has("tags/v1.1.0")).toBe(true);
    expect(pull.labels).toEqual(["relm: tagged"]);
    expect(fake.state.issues.find((i) => i.number === 7)?.labels).toEqual(["relm: tagged"]);
    expect(`${run.stdout}${run.stderr}`).toContain('release PR #7 labelled "relm: tagged"');
  });

  it("relm release: the same, as the last step", async () => {
    const pull = mergedPull(8, true);
    const run = await relm(["release", "--registry", "file:.relm/registry"]);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.releases.map((r) => r.tag)).toEqual(["v1.1.0"]);
    expect(pull.labels).toEqual(["relm: tagged"]);
  });

  it("a PR without relm's marker is left alone", async () => {
    const pull = mergedPull(9, false);
    const run = await relm(["tag"]);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.refs.has("tags/v1.1.0")).toBe(true);
    expect(pull.labels).toEqual(["relm: pending"]);
    expect(fake.writes().filter((w) => w.endpoint.includes("/labels"))).toEqual([]);
  });

  it("a label refused is a warning: the release stands", async () => {
    const pull = mergedPull(10, true);
    fake.fault("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { status: 403, body: { message: "Resource not accessible by integration" } });
    const run = await relm(["tag"]);
    expect(run.code, run.stderr).toBe(0);
    expect(fake.state.refs.has("tags/v1.1.0")).toBe(true);
    expect(fake.state.releases.map((r) => r.tag)).toEqual(["v1.1.0"]);
    expect(pull.labels).toEqual(["relm: pending"]);
    expect(run.stderr).toMatch(/warning.*release PR #10 keeps its label "relm: pending"/);
  });
});
