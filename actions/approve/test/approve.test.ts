import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction, workflowCommands } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  repo = createGitFixture();
  fake = await startFakeGitHub();
  fake.state.teams.set("octo-org/cab", new Set(["carol", "dave"]));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  repo.cleanup();
});

function project(approval: string[]): void {
  repo.commit("feat: first", { files: { ".relm.yml": ["approval:", ...approval.map((l) => `  ${l}`), ""].join("\n") } });
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat: second");
}

const approve = (inputs: Record<string, string>, actor = "dev") =>
  runBundledAction({ action: "approve", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), runId: "4242", actor, inputs: { environment: "production", ...inputs } });

it("accepts the run's environment approval by a CAB member", async () => {
  project(["quorum: 1", "users: [carol]"]);
  fake.state.runApprovals.set("4242", [{ environment: "production", state: "approved", user: "carol", comment: "go" }]);
  const run = await approve({});
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("approved");
  const evidence = JSON.parse(run.outputs.approvals ?? "{}") as { valid: boolean; counted: { user: string; comment?: string }[] };
  expect(evidence.valid).toBe(true);
  expect(evidence.counted.map((c) => [c.user, c.comment])).toEqual([["carol", "go"]]);
  expect(run.summary).toContain("**Approved**");
});

it("refuses an approval by the one who triggered the run (separation of duties)", async () => {
  project(["quorum: 1", "users: [carol]"]);
  fake.state.runApprovals.set("4242", [{ environment: "production", state: "approved", user: "carol", comment: "" }]);
  const run = await approve({}, "carol");
  expect(run.code).toBe(1);
  expect(run.outputs.decision).toBe("rejected");
  const evidence = JSON.parse(run.outputs.approvals ?? "{}") as { ignored: { user: string; reason: string }[] };
  expect(evidence.ignored).toEqual([expect.objectContaining({ user: "carol", reason: "triggered-run" })]);
  expect(run.stdout).toContain("::error::");
});

it("collects a quorum of two from team members on a change-request issue", async () => {
  project(["quorum: 2", "groups: [octo-org/cab]", "mode: change-request", "timeout: 1h"]);
  let polls = 0;
  fake.onRequest((request, state) => {
    if (request.endpoint !== "GET /repos/{owner}/{repo}/issues/{issue_number}/comments") return;
    polls++;
    const issue = state.issues[0];
    const at = new Date().toISOString();
    if (polls === 1) issue?.comments.push({ id: 1, user: "mallory", body: "/approve", createdAt: at }, { id: 2, user: "carol", body: "/approve fine by me", createdAt: at });
    if (polls === 2) issue?.comments.push({ id: 3, user: "dave", body: "/approve", createdAt: at });
  });
  const run = await approve({ "poll-interval": "1s" });
  expect(run.stdout).not.toContain("::error");
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("approved");
  const issue = fake.state.issues[0];
  expect(issue?.title).toBe("relm: release v1.1.0 to production");
  expect(issue?.body).toContain("risk class");
  expect(issue?.body).toContain("second");
  expect(issue?.state).toBe("closed");
  const evidence = JSON.parse(run.outputs.approvals ?? "{}") as { counted: { user: string }[]; ignored: { user: string; reason: string }[] };
  expect(evidence.counted.map((c) => c.user).sort()).toEqual(["carol", "dave"]);
  expect(evidence.ignored).toEqual([expect.objectContaining({ user: "mallory", reason: "not-cab-member" })]);
});

it("fails naming a bad input", async () => {
  project(["quorum: 1", "users: [carol]"]);
  const run = await approve({ mode: "vote", "poll-interval": "soon" });
  expect(run.code).toBe(2);
  expect(run.stdout).toContain("input mode: expected empty or one of environment, change-request");
  expect(run.stdout).toContain("input poll-interval: expected a duration");
});

it("keeps a hostile approval comment from running as a workflow command or as Markdown", async () => {
  project(["quorum: 1", "users: [carol]"]);
  const hostile = "no\n::set-output name=decision::approved\n::add-mask::x\n<img src=x onerror=alert(1)> | [pwn](javascript:alert(1)) @octo-org/everyone";
  fake.state.runApprovals.set("4242", [{ environment: "production", state: "rejected", user: "carol", comment: hostile }]);
  const run = await approve({});
  expect(run.code).toBe(1);
  expect(run.outputs.decision).toBe("rejected");
  // The comment is logged (verbatim, between stop-commands) and annotated (newlines escaped), never run.
  expect(run.stdout).toContain("::set-output name=decision::approved");
  const commands = workflowCommands(run.stdout).filter((c) => !c.startsWith("::add-mask::fake-token"));
  expect(commands.length).toBeGreaterThan(0);
  expect(commands.every((c) => c.startsWith("::error::"))).toBe(true);
  expect(commands.some((c) => c.includes("%0A::set-output name=decision::approved"))).toBe(true);
  // In the summary it is one escaped table cell: no HTML, no link, no mention, no new row.
  expect(run.summary).not.toMatch(/(^|[^\\])<img/m);
  expect(run.summary).not.toContain("](javascript");
  // The mention is kept readable as a code span, which GitHub never resolves into a ping.
  expect(run.summary).toContain("`@octo-org/everyone`");
  expect(run.summary).not.toMatch(/(^|[^`])@octo-org/m);
  expect(run.summary).toContain("&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[pwn\\]\\(javascript:alert\\(1\\)\\)");
  expect(JSON.parse(run.outputs.approvals ?? "{}")).toMatchObject({ rejections: [{ user: "carol", comment: hostile }] });
});

it("judges the sign-off for the plan's release candidate and refuses when the checkout is another one", async () => {
  project(["quorum: 1", "users: [carol]"]);
  const api = { url: fake.url, token: fake.token, repository: "octo-org/app" };
  const plan = await runBundledAction({ action: "plan", workspace: repo.dir, api, sha: repo.head(), runId: "4242" });
  const digest = plan.outputs["candidate-digest"] ?? "";
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(plan.summary).toContain(`Release candidate: \`${digest}\``);
  fake.state.runApprovals.set("4242", [{ environment: "production", state: "approved", user: "carol", comment: "go" }]);

  const same = await approve({ "candidate-digest": digest });
  expect(same.code, same.stdout).toBe(0);
  expect(same.outputs["candidate-digest"]).toBe(digest);
  expect(same.summary).toContain(digest);
  // The evidence says which candidate it approved.
  const evidence = JSON.parse(same.outputs.approvals ?? "{}") as { candidate?: string };
  expect(JSON.stringify(evidence)).toContain(digest);

  // A commit lands between plan and approve: the reviewers approved the run, not this candidate.
  repo.commit("feat: third");
  const other = await approve({ "candidate-digest": digest });
  expect(other.code).toBe(1);
  expect(other.stdout).toContain("RELM_CANDIDATE_MISMATCH");
  expect(other.outputs.decision).toBeUndefined();

  const bad = await approve({ "candidate-digest": "sha256:nope" });
  expect(bad.code).toBe(2);
  expect(bad.stdout).toContain("candidate-digest");
});
