// actions/pr as the runner runs it (the bundled dist/index.js, INPUT_* variables, $GITHUB_OUTPUT),
// against the fake GitHub that checks every REST call against GitHub's API description and every
// GraphQL one against its schema.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { gitObjects } from "../../../test/support/fake-github/git-data-handlers.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  repo.commit("feat: first", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n' } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
  fake = await startFakeGitHub();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const api = () => ({ url: fake.url, token: fake.token, repository: "octo-org/app" });
/** The fake's main is the checkout's HEAD, with the file the release touches. */
function pushMain(): string {
  const sha = repo.head();
  gitObjects.commits.set(sha, { parents: [], files: new Map([["package.json", repo.git("show", `${sha}:package.json`)]]), message: "base" });
  fake.state.refs.set("heads/main", { type: "commit", sha });
  return sha;
}

it("on a push to main, opens the release PR with one signed commit and says so in its outputs", async () => {
  const base = pushMain();
  const run = await runBundledAction({ action: "pr", workspace: repo.dir, api: api(), sha: base });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.outputs).toEqual({ action: "opened", "pull-number": "1", "pull-url": "https://github.invalid/octo-org/app/pull/1", branch: "relm/release-main" });
  const [pull] = fake.state.pulls;
  expect(pull).toMatchObject({ title: "chore(release): 1.1.0", head: "relm/release-main", base: "main", labels: ["relm: pending"], state: "open" });
  expect(pull?.body).toMatch(/Release candidate: `sha256:[0-9a-f]{64}`/);
  const head = fake.state.refs.get("heads/relm/release-main")?.sha ?? "";
  expect(gitObjects.commits.get(head)).toMatchObject({ parents: [base], signed: true });
  expect(gitObjects.commits.get(head)?.files.get("package.json")).toContain('"version": "1.1.0"');
  expect(fake.requests.filter((r) => r.endpoint === "POST /graphql")).toHaveLength(1);
  expect(run.summary).toContain("## relm pr");
  expect(run.summary).toContain("opened");
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("a second run with nothing new leaves the PR as it is", async () => {
  const base = pushMain();
  expect((await runBundledAction({ action: "pr", workspace: repo.dir, api: api(), sha: base })).code).toBe(0);
  const run = await runBundledAction({ action: "pr", workspace: repo.dir, api: api(), sha: base });
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs).toMatchObject({ action: "unchanged", "pull-number": "1" });
  expect(fake.requests.filter((r) => r.endpoint === "POST /graphql")).toHaveLength(1);
});

it("dry-run: says it would open the PR, writes nothing", async () => {
  const base = pushMain();
  const run = await runBundledAction({ action: "pr", workspace: repo.dir, api: api(), sha: base, inputs: { "dry-run": "true" } });
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs).toEqual({ action: "opened", "pull-number": "", "pull-url": "", branch: "relm/release-main" });
  expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  expect(run.summary).toContain("Dry run");
});

it("off a branch and with no base input, fails naming the input", async () => {
  const run = await runBundledAction({ action: "pr", workspace: repo.dir, api: api(), sha: repo.head(), ref: "refs/tags/v1.0.0" });
  expect(run.code).toBe(2);
  expect(run.stdout).toMatch(/::error::RELM_ACTION_INPUT: invalid input base/);
});

it("the root action's step: pr does the same in one uses: line", async () => {
  const base = pushMain();
  const run = await runBundledAction({ action: "root", workspace: repo.dir, api: api(), sha: base, inputs: { step: "pr" } });
  expect(run.stderr).toBe("");
  expect(run.code, run.stdout).toBe(0);
  expect(run.outputs).toMatchObject({ action: "opened", "pull-number": "1", branch: "relm/release-main" });
  expect(fake.state.pulls[0]).toMatchObject({ title: "chore(release): 1.1.0", labels: ["relm: pending"] });
  const head = fake.state.refs.get("heads/relm/release-main")?.sha ?? "";
  expect(gitObjects.commits.get(head)).toMatchObject({ parents: [base], signed: true });
  // Nothing else of the release ran: no tag, no Release.
  expect(fake.state.releases).toEqual([]);
  expect(fake.requests.some((r) => r.endpoint === "POST /repos/{owner}/{repo}/git/tags")).toBe(false);
});

describe("on GitHub Enterprise Server", () => {
  let ghes: FakeGitHub;
  beforeEach(async () => {
    // GHES serves REST under /api/v3 and GraphQL at /api/graphql, beside it rather than under it.
    ghes = await startFakeGitHub({ prefix: "/api/v3" });
  });
  afterEach(async () => {
    expect(ghes.violations).toEqual([]);
    await ghes.close();
  });

  it("signs the release commit through /api/graphql", async () => {
    const sha = repo.head();
    gitObjects.commits.set(sha, { parents: [], files: new Map([["package.json", repo.git("show", `${sha}:package.json`)]]), message: "base" });
    ghes.state.refs.set("heads/main", { type: "commit", sha });
    const run = await runBundledAction({ action: "pr", workspace: repo.dir, api: { url: ghes.url, token: ghes.token, repository: "octo-org/app" }, sha });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ action: "opened", "pull-number": "1" });
    const graphql = ghes.requests.filter((r) => r.endpoint === "POST /graphql");
    expect(graphql.map((r) => r.path)).toEqual(["/api/graphql"]);
    const head = ghes.state.refs.get("heads/relm/release-main")?.sha ?? "";
    expect(gitObjects.commits.get(head)).toMatchObject({ parents: [sha], signed: true });
    // The REST calls stay under the API root.
    expect(ghes.requests.filter((r) => r.endpoint !== "POST /graphql").every((r) => r.path.startsWith("/api/v3/"))).toBe(true);
  });
});
