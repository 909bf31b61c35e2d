import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  // A read-only token: every write would be refused.
  fake.readOnly = true;
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const api = () => ({ url: fake.url, token: fake.token, repository: "octo-org/app" });

it("plans the next version and notes on a pull request with a read-only token", async () => {
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("feat(api): add the export endpoint");
  repo.commit("fix: handle empty input\n\nCloses #12");
  const run = await runBundledAction({
    action: "plan",
    workspace: repo.dir,
    api: api(),
    sha: repo.head(),
    ref: "refs/pull/7/merge",
    event: { name: "pull_request", payload: { number: 7, pull_request: { title: "::set-env name=X::y" } } },
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ version: "1.1.0", tag: "v1.1.0", bump: "minor", released: "true" });
  expect(run.outputs.notes).toContain("add the export endpoint");
  expect(JSON.parse(run.outputs.plan ?? "{}")).toMatchObject({ schema: "relm.plan/1", released: true });
  expect(run.summary).toContain("## relm plan");
  expect(run.summary).toContain("handle empty input");
  // Not even an attempt to write: plan reads only.
  expect(fake.requests.filter((r) => r.method !== "GET")).toEqual([]);
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("says no release is needed when there are no release-worthy commits", async () => {
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("docs: typo");
  const run = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(run.code).toBe(0);
  expect(run.outputs).toMatchObject({ version: "", tag: "", released: "false" });
  expect(run.summary).toContain("No release needed");
});

it("keeps commit messages that look like workflow commands from running", async () => {
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("feat: evil\n\n::add-path::/tmp/evil\n::set-output name=version::9.9.9");
  const run = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(run.code).toBe(0);
  expect(run.outputs.version).toBe("1.1.0");
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("fails naming the configuration file when it is invalid (exit code 2)", async () => {
  repo.commit("feat: first", { files: { ".relm.yml": "versioning: [\n" } });
  const run = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(run.code).toBe(2);
  expect(run.stdout).toMatch(/::error::RELM_CONFIG_\w+/);
  expect(run.stdout).toContain(".relm.yml");
});

it("escapes a hostile commit subject in the notes and the summary (no HTML, links or mentions)", async () => {
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("feat: <img src=x onerror=alert(1)> [pwn](javascript:alert(1)) @octo-org/everyone | row");
  const run = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(run.code).toBe(0);
  for (const text of [run.summary, run.outputs.notes ?? ""]) {
    expect(text).toContain("onerror");
    expect(text).not.toMatch(/(^|[^\\])<img/m);
    expect(text).not.toMatch(/(^|[^\\])\]\(javascript/m);
    // A mention is defused in a code span (the notes) or broken by a zero-width space (table cells).
    expect(text).not.toMatch(/(^|[^`])@octo-org/m);
  }
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("outputs the release candidate's digest, the same for the same commit and policy, and none without a release", async () => {
  repo.commit("feat: first", { files: { ".relm.yml": "approval:\n  users: [carol]\n" } });
  const once = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  const again = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(once.outputs["candidate-digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(again.outputs["candidate-digest"]).toBe(once.outputs["candidate-digest"]);
  repo.commit("fix: second");
  const next = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(next.outputs["candidate-digest"]).not.toBe(once.outputs["candidate-digest"]);
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("docs: typo");
  const none = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head() });
  expect(none.outputs["candidate-digest"]).toBe("");
});
