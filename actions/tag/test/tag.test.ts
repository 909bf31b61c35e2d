import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat(api): add the export endpoint");
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const tag = (inputs: Record<string, string> = {}) =>
  runBundledAction({ action: "tag", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), inputs });

it("creates the annotated tag, the release with the notes and the floating major tag", async () => {
  const run = await tag({ "floating-tag": "true", "make-latest": "true" });
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ version: "1.1.0", tag: "v1.1.0", bump: "minor", released: "true" });
  const ref = fake.state.refs.get("tags/v1.1.0");
  expect(ref?.type).toBe("tag");
  expect(fake.state.tagObjects.get(ref?.sha ?? "")?.object.sha).toBe(repo.head());
  expect(fake.state.refs.get("tags/v1")).toEqual({ type: "commit", sha: repo.head() });
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.releases[0]).toMatchObject({ tag: "v1.1.0", draft: false, prerelease: false, makeLatest: "true" });
  expect(fake.state.releases[0]?.body).toContain("add the export endpoint");
  expect(run.outputs["release-url"]).toContain("v1.1.0");
  expect(run.summary).toContain("Moved `v1`");
});

it("completes the release on a re-run after GitHub kept failing, without a second tag or release", async () => {
  fake.fault("POST /repos/{owner}/{repo}/releases", { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
  const failed = await tag();
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain("RELM_GITHUB_REQUEST");
  expect(failed.stdout).toContain("POST /repos/{owner}/{repo}/releases");
  expect(fake.state.refs.has("tags/v1.1.0")).toBe(true);
  expect(fake.state.releases).toHaveLength(0);

  // The re-run's checkout fetched the tag the first run made: nothing new to plan, the release is finished.
  repo.git("tag", "-a", "v1.1.0", "-m", "1.1.0", repo.head());
  const rerun = await tag();
  expect(rerun.code).toBe(0);
  expect(rerun.outputs).toMatchObject({ version: "1.1.0", tag: "v1.1.0", released: "true" });
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.releases[0]?.body).toContain("add the export endpoint");
  expect(fake.state.tagObjects.size).toBe(1);
});

it("refuses a tag that exists on another commit and makes no release", async () => {
  const other = repo.git("rev-parse", "v1.0.0^{commit}");
  fake.state.refs.set("tags/v1.1.0", { type: "commit", sha: other });
  const run = await tag();
  expect(run.code).toBe(1);
  expect(run.stdout).toContain("RELM_TAG_CONFLICT");
  expect(fake.state.releases).toHaveLength(0);
  expect(fake.state.refs.get("tags/v1.1.0")?.sha).toBe(other);
});

it("updates a release that exists already instead of duplicating it", async () => {
  fake.state.refs.set("tags/v1.1.0", { type: "commit", sha: repo.head() });
  fake.state.releases.push({ id: 5, tag: "v1.1.0", name: "old", body: "old notes", draft: true, prerelease: false, makeLatest: undefined, target: "main", createdAt: "2026-01-01T00:00:00Z", assets: [] });
  const run = await tag();
  expect(run.code).toBe(0);
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.releases[0]).toMatchObject({ id: 5, draft: false });
  expect(fake.state.releases[0]?.body).toContain("add the export endpoint");
});

it("waits out a secondary rate limit and succeeds", async () => {
  fake.fault("POST /repos/{owner}/{repo}/git/tags", secondaryRateLimit(1));
  const run = await tag();
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("secondary rate limit");
  expect(fake.requests.filter((r) => r.endpoint === "POST /repos/{owner}/{repo}/git/tags").map((r) => r.status)).toEqual([403, 201]);
  expect(fake.state.releases).toHaveLength(1);
});

it("writes nothing on a dry run, and fails naming a bad input (exit code 2)", async () => {
  const dry = await tag({ "dry-run": "true" });
  expect(dry.code).toBe(0);
  expect(dry.outputs.released).toBe("false");
  expect(fake.writes()).toEqual([]);

  const bad = await tag({ "make-latest": "sometimes", draft: "maybe" });
  expect(bad.code).toBe(2);
  expect(bad.stdout).toContain("RELM_ACTION_INPUT");
  expect(bad.stdout).toContain(`input make-latest: expected one of true, false, legacy, got "sometimes"`);
  expect(bad.stdout).toContain("input draft: expected true or false");
});

it("passes draft, prerelease and make-latest to the GitHub Release", async () => {
  const run = await tag({ draft: "true", prerelease: "true", "make-latest": "false" });
  expect(run.code).toBe(0);
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.releases[0]).toMatchObject({ tag: "v1.1.0", draft: true, prerelease: true, makeLatest: "false" });
  const created = fake.requests.find((r) => r.endpoint === "POST /repos/{owner}/{repo}/releases");
  expect(created?.body).toMatchObject({ tag_name: "v1.1.0", draft: true, prerelease: true, make_latest: "false" });
});
