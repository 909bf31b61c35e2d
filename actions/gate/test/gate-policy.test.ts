// Which policy judges a run of the gate action, and break glass through its inputs and the policy's label.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createGitFixture, fixtureOver, gitEnv, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction, workflowCommands, type RunActionOptions } from "../../../test/support/run-bundled-action.ts";

// Frozen at any instant the tests run; alice may lift the freeze by input or by label.
const STRICT = [
  "policy:",
  "  freezes:",
  "    - { name: always, from: 2020-01-01, until: 2100-01-01 }",
  "  override:",
  "    users: [alice]",
  "    via: [input, label]",
  "    label: break-glass",
  "    rules: [freeze]",
  "",
].join("\n");
const RELAXED = "policy: {}\n";

let server: GitFixture;
let checkout: GitFixture;
let fake: FakeGitHub;
beforeEach(async () => {
  server = createGitFixture();
  server.commit("feat: first", { files: { ".relm.yml": STRICT } });
  server.tag("v1.0.0", { message: "1.0.0" });
  server.branch("feature");
  server.commit("chore: relax the policy", { files: { ".relm.yml": RELAXED } });
  server.checkout("main");
  server.commit("fix: second");
  // A checkout the way actions/checkout with fetch-depth 0 makes one: origin/* are the server's branches.
  const dir = mkdtempSync(join(tmpdir(), "relm-checkout-"));
  execFileSync("git", ["clone", "-q", `file://${server.dir}`, dir], { env: gitEnv(), stdio: "pipe" });
  checkout = fixtureOver(dir);
  fake = await startFakeGitHub();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
  server.cleanup();
  checkout.cleanup();
});

const repository = { default_branch: "main", full_name: "octo-org/app" };

function gate(options: Partial<RunActionOptions> & { inputs?: Record<string, string> }) {
  return runBundledAction({
    action: "gate",
    workspace: checkout.dir,
    api: { url: fake.url, token: fake.token, repository: "octo-org/app" },
    sha: checkout.head(),
    ...options,
    inputs: { environment: "production", ...options.inputs },
  });
}

const pullRequest = (extra: Record<string, unknown> = {}) => ({
  name: "pull_request",
  payload: { action: "synchronize", repository, pull_request: { number: 7, labels: [], body: "", ...extra } },
});
const PR_ENV = { GITHUB_BASE_REF: "main", GITHUB_HEAD_REF: "feature" };

it("a pull request that relaxes the policy is judged by its base branch's policy, as the server has it", async () => {
  checkout.checkout("feature");
  // A local main edited in the checkout does not count either: origin/main is the server's.
  checkout.git("branch", "-f", "main", "HEAD");
  const run = await gate({ ref: "refs/pull/7/merge", event: pullRequest(), env: PR_ENV });
  expect(run.code).toBe(1);
  expect(run.outputs.decision).toBe("deny");
  expect((JSON.parse(run.outputs.violations ?? "[]") as { code: string }[]).map((v) => v.code)).toEqual(["RELM_GATE_FREEZE"]);
  const revision = server.git("rev-parse", "main");
  expect(run.stdout).toContain(`gate: policy .relm.yml at origin/main (${revision.slice(0, 12)}), the pull request's base branch main`);
  expect(run.summary).toContain("origin/main");
});

it("a push to another branch or a tag is judged by the repository's default branch, named by the event payload", async () => {
  checkout.checkout("feature");
  const push = await gate({ ref: "refs/heads/feature", event: { name: "push", payload: { ref: "refs/heads/feature", repository } } });
  expect(push.outputs.decision).toBe("deny");
  expect(push.stdout).toContain("the repository's default branch main");
  checkout.git("tag", "v1.1.0");
  const tag = await gate({ ref: "refs/tags/v1.1.0", event: { name: "push", payload: { ref: "refs/tags/v1.1.0", repository } } });
  expect(tag.outputs.decision).toBe("deny");
  expect(tag.stdout).toContain("gate: policy .relm.yml at origin/main");
  // A default branch that is not in the checkout stops the gate rather than reading another policy.
  const missing = await gate({ ref: "refs/tags/v1.1.0", event: { name: "push", payload: { repository: { ...repository, default_branch: "trunk" } } } });
  expect(missing.code).not.toBe(0);
  expect(missing.outputs.decision).toBeUndefined();
  expect(missing.stdout + missing.stderr).toContain("RELM_GATE_TARGET_REF");
  expect(missing.stdout + missing.stderr).toMatch(/repository.default_branch names .trunk./);
});

it("a push to the default branch is judged by that branch's policy, and the decision says at which commit", async () => {
  const run = await gate({ ref: "refs/heads/main", event: { name: "push", payload: { repository } } });
  expect(run.outputs.decision).toBe("deny");
  expect(run.stdout).toContain(`at origin/main (${checkout.head().slice(0, 12)})`);
});

it("breaks glass through the inputs, asked by the user who triggered the run, and shows who, why and what it lifted", async () => {
  const inputs = { "override-reason": "INC-42 payments down", "override-rules": "freeze" };
  const run = await gate({ actor: "alice", inputs, event: { name: "workflow_dispatch", payload: { repository } } });
  expect(run.code).toBe(0);
  expect(run.outputs.decision).toBe("allow");
  const override = JSON.parse(run.outputs.override ?? "") as Record<string, unknown>;
  expect(override).toMatchObject({ by: "alice", via: "input", reason: "INC-42 payments down", rules: ["freeze"], accepted: true, lifted: ["RELM_GATE_FREEZE"] });
  expect(typeof override.at).toBe("string");
  expect(run.stdout).toContain("gate: override by alice via input");
  expect(run.summary).toContain("### Break-glass override");
  expect(run.summary).toContain("INC-42 payments down");
  expect(run.summary).toContain("`RELM_GATE_FREEZE`");
  // Someone the policy does not name is refused, and the refusal is itself a violation.
  const mallory = await gate({ actor: "mallory", inputs, event: { name: "workflow_dispatch", payload: { repository } } });
  expect(mallory.code).toBe(1);
  expect((JSON.parse(mallory.outputs.violations ?? "[]") as { code: string }[]).map((v) => v.code).sort()).toEqual(["RELM_GATE_FREEZE", "RELM_GATE_OVERRIDE"]);
  expect(mallory.summary).toContain("**refused**");
  // Half an override is an input error, not a request quietly not made.
  const half = await gate({ actor: "alice", inputs: { "override-reason": "INC-42" } });
  expect(half.code).not.toBe(0);
  expect(workflowCommands(half.stdout).join("\n")).toContain("override-rules");
});

it("breaks glass through the policy's label on a pull request, with the rules and reason in its description", async () => {
  checkout.checkout("feature");
  const body = "Stops the outage.\n\nRelm-Override: freeze\nRelm-Override-Reason: INC-7 checkout broken\n";
  const labelled = pullRequest({ labels: [{ name: "break-glass" }], body });
  const run = await gate({ actor: "alice", ref: "refs/pull/7/merge", event: labelled, env: PR_ENV });
  expect(run.outputs.decision).toBe("allow");
  expect(JSON.parse(run.outputs.override ?? "")).toMatchObject({ by: "alice", via: "label", reason: "INC-7 checkout broken", accepted: true });
  // The label does not make a run triggered by someone else an override of theirs.
  const other = await gate({ actor: "mallory", ref: "refs/pull/7/merge", event: labelled, env: PR_ENV });
  expect(other.outputs.decision).toBe("deny");
  expect(JSON.parse(other.outputs.override ?? "")).toMatchObject({ by: "mallory", accepted: false });
  // Without the label the description asks for nothing.
  const unlabelled = await gate({ actor: "alice", ref: "refs/pull/7/merge", event: pullRequest({ body }), env: PR_ENV });
  expect(unlabelled.outputs.override).toBe("");
  expect(unlabelled.outputs.decision).toBe("deny");
});

it("a push of a merged pull request reads that pull request's labels and description, and no other's", async () => {
  const body = "Stops the outage.\n\nRelm-Override: freeze\nRelm-Override-Reason: INC-9 payments down\n";
  const push = { name: "push", payload: { ref: "refs/heads/main", repository, head_commit: { id: checkout.head() } } };
  const pull = { number: 9, title: "fix: payments", body, labels: ["break-glass"], state: "closed" as const, commits: [checkout.head()], head: "hotfix", base: "main", author: "alice" };
  // Only on the pull request's branch, never merged: its label lends nothing to the push.
  fake.state.pulls.push({ ...pull, state: "open" });
  const unmerged = await gate({ actor: "alice", ref: "refs/heads/main", event: push });
  expect(unmerged.outputs.decision).toBe("deny");
  expect(unmerged.outputs.override).toBe("");

  fake.state.pulls.splice(0, 1, { ...pull, mergeCommit: checkout.head() });
  const merged = await gate({ actor: "alice", ref: "refs/heads/main", event: push });
  expect(merged.outputs.decision).toBe("allow");
  expect(JSON.parse(merged.outputs.override ?? "")).toMatchObject({ by: "alice", via: "label", reason: "INC-9 payments down", accepted: true });
  expect(merged.stdout).toContain("labels of the merged pull request #9: break-glass");
  expect(fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls").map((r) => r.path)).toEqual([
    `/repos/octo-org/app/commits/${checkout.head()}/pulls`,
    `/repos/octo-org/app/commits/${checkout.head()}/pulls`,
  ]);
});

it("a push whose token may not read pull requests is gated without labels, with a warning naming the permission", async () => {
  const push = { name: "push", payload: { ref: "refs/heads/main", repository } };
  fake.fault("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", { status: 403, body: { message: "Resource not accessible by integration" } });
  const run = await gate({ actor: "alice", ref: "refs/heads/main", event: push });
  expect(run.outputs.decision).toBe("deny");
  expect(run.stdout).toContain("::warning::the labels of the merged pull request are not read");
  expect(run.stdout).toContain("pull-requests: read");
});
