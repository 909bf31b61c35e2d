// The bundled actions credit authors as @login the way the CLI does: through the step's own token
// (github.token by default), against the fake GitHub that checks every request against GitHub's API
// description. Plan and approve must credit alike, or the candidate the CAB signs would differ.
import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

const COMMITS = "GET /repos/{owner}/{repo}/commits/{ref}";
const ada = { name: "Ada Lovelace", email: "ada@example.com" };
const bob = { name: "Bob Builder", email: "bob@example.com" };

let repo: GitFixture;
let fake: FakeGitHub;
const shas: Record<string, string> = {};
beforeEach(async () => {
  repo = createGitFixture();
  repo.commit("feat: first", { author: ada, files: { ".relm.yml": "approval:\n  quorum: 1\n  users: [carol]\n" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  shas.ada = repo.commit("feat: ada's widget", { author: ada, files: { "a.txt": "1" } });
  shas.bob1 = repo.commit("fix: bob's fix (#12)", { author: bob, files: { "b.txt": "1" } });
  shas.bob2 = repo.commit("fix: bob's second fix", { author: bob, files: { "b.txt": "2" } });
  fake = await startFakeGitHub();
  fake.readOnly = true;
  fake.state.commitAuthors.set(shas.ada ?? "", "ada-l");
  fake.state.commitAuthors.set(shas.bob1 ?? "", "bobby");
  fake.state.commitAuthors.set(shas.bob2 ?? "", "bobby");
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

const api = () => ({ url: fake.url, token: fake.token, repository: "octo-org/app" });
const plan = () => runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head(), runId: "4242" });

it("credits each author as @login, greets the new contributor and asks once per e-mail", async () => {
  const run = await plan();
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const notes = run.outputs.notes ?? "";
  expect(notes).toContain("ada's widget");
  expect(notes).toMatch(/ada's widget .* by @ada-l/);
  expect(notes).toMatch(/bob's fix .* by @bobby/);
  expect(notes).not.toContain("Bob Builder");
  expect(notes).toContain("### New contributors");
  expect(notes).toMatch(/@bobby made their first contribution in \[#12\]/);
  // Ada had a commit before the release: not new.
  expect(notes).not.toMatch(/@ada-l made their first contribution/);
  expect(run.summary).toContain("@bobby");
  // Two e-mails, two lookups (bob's second commit is not asked about).
  expect(fake.requests.filter((r) => r.endpoint === COMMITS)).toHaveLength(2);
  expect(workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::"))).toEqual([]);
});

it("plan and approve credit alike, so the CAB's sign-off matches the plan's candidate", async () => {
  const planned = await plan();
  const digest = planned.outputs["candidate-digest"] ?? "";
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  fake.state.runApprovals.set("4242", [{ environment: "production", state: "approved", user: "carol", comment: "go" }]);
  const approve = await runBundledAction({
    action: "approve",
    workspace: repo.dir,
    api: api(),
    sha: repo.head(),
    runId: "4242",
    inputs: { environment: "production", "candidate-digest": digest },
  });
  expect(approve.code, approve.stdout).toBe(0);
  expect(approve.outputs.decision).toBe("approved");
  expect(approve.outputs["candidate-digest"]).toBe(digest);
  // The digest really covers the credits: without the forge's logins it is another candidate.
  const offline = await runBundledAction({ action: "plan", workspace: repo.dir, api: api(), sha: repo.head(), env: { RELM_NOTES_LOGINS: "false" } });
  expect(offline.outputs.notes).toContain("Bob Builder");
  expect(offline.outputs["candidate-digest"]).not.toBe(digest);
});

it("a forge that refuses the lookup leaves the git names, and the plan still succeeds", async () => {
  fake.fault(COMMITS, { status: 403, body: { message: "Resource not accessible by integration" } });
  const run = await plan();
  expect(run.code, run.stdout).toBe(0);
  expect(run.stdout).not.toContain("::error");
  expect(run.outputs.notes).toContain("by Ada Lovelace");
  expect(run.outputs.notes).toContain("by Bob Builder");
  // Who is new is git's answer, not the forge's: the greeting stays, by git name.
  expect(run.outputs.notes).toContain("* Bob Builder made their first contribution in [#12]");
  // Asked once: after a refusal the run asks nothing more.
  expect(fake.requests.filter((r) => r.endpoint === COMMITS)).toHaveLength(1);
  expect(run.outputs.released).toBe("true");
});
