// `relm pr` on GitHub, the edges: the fake's GraphQL check itself, the fall back to the Git Data API
// where GitHub lacks createCommitOnBranch (an older GitHub Enterprise Server), and `--dry-run`
// with no token, which says what it would commit without asking the forge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relmAsync } from "./support/deploy-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "./support/fake-github/index.ts";
import { gitObjects } from "./support/fake-github/git-data-handlers.ts";
import { checkGraphqlRequest } from "./support/fake-github/graphql-schema.ts";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";

const MUTATION = "mutation M($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }";
const oid = "a".repeat(40);
const input = (over: Record<string, unknown> = {}) => ({
  branch: { repositoryNameWithOwner: "octo-org/app", branchName: "relm/release-main" },
  message: { headline: "chore(release): 1.1.0" },
  fileChanges: { additions: [{ path: "package.json", contents: Buffer.from("{}").toString("base64") }] },
  expectedHeadOid: oid,
  ...over,
});
const problemsOf = (body: unknown): string[] => {
  const checked = checkGraphqlRequest(body);
  return checked.ok ? [] : checked.problems;
};

describe("the fake GitHub's GraphQL check (GitHub's published schema)", () => {
  it("accepts createCommitOnBranch as GitHub documents it", () => {
    expect(problemsOf({ query: MUTATION, variables: { input: input() } })).toEqual([]);
  });

  it("rejects a misspelled field, in the mutation or in what it selects", () => {
    expect(problemsOf({ query: MUTATION.replace("createCommitOnBranch(", "createCommitOnBrnch("), variables: { input: input() } }).join()).toMatch(/Cannot query field "createCommitOnBrnch" on type "Mutation"/);
    expect(problemsOf({ query: MUTATION.replace("{ oid }", "{ sha }"), variables: { input: input() } }).join()).toMatch(/Cannot query field "sha" on type "Commit"/);
  });

  it("rejects variables that do not fit the declared types", () => {
    expect(problemsOf({ query: MUTATION, variables: { input: input({ expectedHeadOid: "main" }) } }).join()).toMatch(/GitObjectID/);
    expect(problemsOf({ query: MUTATION, variables: { input: input({ message: undefined }) } }).join()).toMatch(/message/);
    expect(problemsOf({ query: MUTATION, variables: { input: input({ fileChanges: { additions: [{ path: "a", contents: "not base64!" }] } }) } }).join()).toMatch(/Base64String/);
    expect(problemsOf({ query: MUTATION, variables: { input: input({ branchName: "x" }) } }).join()).toMatch(/branchName/);
    expect(problemsOf({ query: MUTATION, variables: {} }).join()).toMatch(/\$input/);
    expect(problemsOf({ query: MUTATION, variables: { input: input(), extra: 1 } }).join()).toMatch(/\$extra is not declared/);
  });

  it("answers an invalid query as GitHub does (200, errors) and records it as a violation", async () => {
    const fake = await startFakeGitHub();
    try {
      const post = (query: string) => fetch(`${fake.url}/graphql`, { method: "POST", headers: { authorization: `bearer ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify({ query }) });
      const answer = await post("query { viewer { loginn } }");
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/Cannot query field "loginn"/);
      expect(fake.violations).toEqual([expect.stringContaining('POST /graphql: Cannot query field "loginn" on type "User"')]);
    } finally {
      await fake.close();
    }
  });
});

describe("relm pr without createCommitOnBranch, and with no token", () => {
  let repo: GitFixture;
  let fake: FakeGitHub;
  let env: Record<string, string>;
  const pr = (args: string[], extra: Record<string, string> = {}) => relmAsync(["pr", "--base", "main", ...args], repo.dir, { ...env, ...extra });
  const calls = (endpoint: string) => fake.requests.filter((r) => r.endpoint === endpoint);
  const pushMain = () => {
    const sha = repo.head();
    gitObjects.commits.set(sha, { parents: [], files: new Map([["package.json", repo.git("show", `${sha}:package.json`) + "\n"]]), message: "base" });
    fake.state.refs.set("heads/main", { type: "commit", sha });
    return sha;
  };

  beforeAll(async () => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "package.json": '{\n  "name": "app",\n  "version": "1.0.0"\n}\n' } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat: a widget", { files: { "src/a.ts": "1" } });
    fake = await startFakeGitHub();
    env = { GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_REPOSITORY: "octo-org/app", GITHUB_API_URL: fake.url, GITHUB_TOKEN: "", RELM_GITHUB_TOKEN: "" };
  });
  afterAll(async () => {
    await fake.close();
    repo.cleanup();
  });

  it("--dry-run with no token says what it would commit and that the forge was not asked", async () => {
    for (const forge of [["--forge", "github"], []]) {
      const run = await pr(["--dry-run", ...forge]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("the forge was not asked");
      expect(run.stdout).toContain("would commit on relm/release-main: chore(release): 1.1.0");
      expect(run.stdout).toContain("1.1.0 (tag v1.1.0)");
      expect(run.stdout).toMatch(/package\.json: .*1\.1\.0/);
      expect(run.stdout).toContain("CHANGELOG.md (new file)");
    }
    const json = await pr(["--dry-run", "--forge", "github", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ action: "preview", branch: "relm/release-main", title: "chore(release): 1.1.0", versions: [{ version: "1.1.0", tag: "v1.1.0" }], files: [{ path: "package.json" }, { path: "CHANGELOG.md", created: true }], forgeAsked: false, dryRun: true });
    expect(fake.requests).toEqual([]);
  });

  it("without --dry-run, no token is still an error", async () => {
    const run = await pr(["--forge", "github"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_GITHUB_TOKEN");
  });

  it("--dry-run with a token reads the forge and writes nothing", async () => {
    pushMain();
    const run = await pr(["--forge", "github", "--dry-run", "--json"], { GITHUB_TOKEN: fake.token });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "opened", committed: true, dryRun: true });
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("--commit-via graphql fails where GitHub lacks the mutation, naming it", async () => {
    fake.graphqlWithout.add("createCommitOnBranch");
    const run = await pr(["--forge", "github", "--commit-via", "graphql", "--json"], { GITHUB_TOKEN: fake.token });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("RELM_PR_SIGNED_UNAVAILABLE");
    expect(run.stderr).toContain("Field 'createCommitOnBranch' doesn't exist on type 'Mutation'");
    expect(calls("POST /repos/{owner}/{repo}/git/commits")).toEqual([]);
  });

  it("auto falls back to the Git Data API there: one unsigned commit on main, said in a warning", async () => {
    const base = pushMain();
    const run = await pr(["--forge", "github", "--json"], { GITHUB_TOKEN: fake.token });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: GitHub cannot make a signed commit .*unsigned/);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "opened", committed: true });
    const head = fake.state.refs.get("heads/relm/release-main")?.sha ?? "";
    expect(gitObjects.commits.get(head)).toMatchObject({ parents: [base], message: "chore(release): 1.1.0\n" });
    expect(gitObjects.commits.get(head)?.signed).toBeUndefined();
    expect(calls("POST /repos/{owner}/{repo}/git/commits")).toHaveLength(1);
    expect(fake.state.refs.has("heads/relm/scratch/release-main")).toBe(false);
    expect(fake.state.pulls.map((p) => p.state)).toEqual(["open"]);
    expect(fake.violations).toEqual([]);
  });

  it("--commit-via git-data never asks GraphQL", async () => {
    fake.graphqlWithout.clear();
    repo.commit("fix: a bug", { files: { "src/b.ts": "1" } });
    pushMain();
    const before = calls("POST /graphql").length;
    const run = await pr(["--forge", "github", "--commit-via", "git-data", "--json"], { GITHUB_TOKEN: fake.token });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: "updated", committed: true });
    expect(calls("POST /graphql")).toHaveLength(before);
    expect(calls("POST /repos/{owner}/{repo}/git/commits")).toHaveLength(2);
    expect(fake.violations).toEqual([]);
  });

  it("any other GraphQL error fails the run, with no unsigned fall back", async () => {
    repo.commit("fix: another", { files: { "src/c.ts": "1" } });
    pushMain();
    const made = calls("POST /repos/{owner}/{repo}/git/commits").length;
    fake.fault("POST /graphql", { status: 200, body: { data: { createCommitOnBranch: null }, errors: [{ type: "FORBIDDEN", path: ["createCommitOnBranch"], message: "Resource not accessible by integration" }] } });
    const run = await pr(["--forge", "github"], { GITHUB_TOKEN: fake.token });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("RELM_GITHUB_REQUEST: GitHub POST /graphql createCommitOnBranch failed: Resource not accessible by integration");
    expect(run.stderr).toContain("contents: write");
    expect(calls("POST /repos/{owner}/{repo}/git/commits")).toHaveLength(made);
  });

  it("the fake closes a PR whose head is reset to its base, as GitHub does (why relm commits on a scratch branch)", async () => {
    const base = fake.state.refs.get("heads/main")?.sha ?? "";
    const answer = await fetch(`${fake.url}/repos/octo-org/app/git/refs/heads/relm/release-main`, { method: "PATCH", headers: { authorization: `bearer ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify({ sha: base, force: true }) });
    expect(answer.status).toBe(200);
    expect(fake.state.pulls.map((p) => p.state)).toEqual(["closed"]);
  });
});
