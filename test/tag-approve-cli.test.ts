// End to end: `relm tag` and `relm approve` one by one, as a pipeline runs them, on a real git repository.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

function project(config = "approval:\n  quorum: 1\n  users: [alice, dave]\n"): GitFixture {
  const r = createGitFixture();
  repo = r;
  r.commit("chore: start", { files: { ".relm.yml": config, ".gitignore": ".relm/\n" } });
  r.tag("v0.3.0", { message: "0.3.0" });
  r.commit("feat: a new thing\n\nCo-authored-by: Bob B <bob@example.com>\n", { files: { "a.txt": "a" }, author: { name: "Dave D", email: "dave@example.com" } });
  return r;
}

describe("relm tag", () => {
  it("creates the annotated tag, the local release notes and the changelog once, however often it runs", () => {
    const r = project();
    const first = runRelmJson<{ outcomes: { tag: string; tagCreated: boolean; releaseCreated: boolean; changelogUpdated: boolean }[] }>(["tag", "--cwd", r.dir, "--approve", "alice"]);
    expect(first.code).toBe(0);
    expect(first.json.outcomes).toEqual([expect.objectContaining({ tag: "v0.4.0", tagCreated: true, releaseCreated: true, changelogUpdated: true })]);
    const again = runRelmJson<typeof first.json>(["tag", "--cwd", r.dir, "--approve", "alice"]);
    expect(again.json.outcomes).toEqual([expect.objectContaining({ tag: "v0.4.0", tagCreated: false, releaseCreated: false, changelogUpdated: false })]);
    expect(r.git("tag", "-l")).toBe("v0.3.0\nv0.4.0");
    expect(readFileSync(join(r.dir, "CHANGELOG.md"), "utf8").match(/0\.4\.0/g)).toHaveLength(1);
    expect(readFileSync(join(r.dir, ".relm/releases/v0.4.0.md"), "utf8")).toMatch(/^# v0\.4\.0\n/);
  });

  it("refuses to move a tag that exists on another commit, exit 1", () => {
    const r = project();
    // v0.4.0 was made on a branch that never reached main: main's next release is also 0.4.0.
    r.branch("hotfix", "v0.3.0");
    const elsewhere = r.commit("fix: on a branch", { files: { "b.txt": "b" } });
    r.tag("v0.4.0", { message: "elsewhere" });
    r.checkout("main");
    const run = runRelm(["tag", "--cwd", r.dir, "--approve", "alice"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("RELM_TAG_CONFLICT");
    expect(r.git("rev-parse", "v0.4.0^{commit}")).toBe(elsewhere);
  });

  it("changes nothing on --dry-run", () => {
    const r = project();
    const run = runRelm(["tag", "--cwd", r.dir, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("would create annotated tag v0.4.0");
    expect(r.git("tag", "-l")).toBe("v0.3.0");
  });
});

describe("relm approve", () => {
  it("judges the release on HEAD after the tag job, refusing its author and co-author", () => {
    const r = project("approval:\n  quorum: 1\n  users: [alice, bob, dave]\n");
    expect(runRelm(["tag", "--cwd", r.dir, "--approve", "alice"]).code).toBe(0);
    const refused = runRelmJson<{ valid: boolean; verdict: { ignored: { user: string; reason: string }[] } }>(["approve", "--cwd", r.dir, "--approve", "dave", "--approve", "bob"]);
    expect(refused.code).toBe(1);
    expect(refused.json.verdict.ignored.map((i) => [i.user, i.reason])).toEqual([
      ["dave", "author"],
      ["bob", "author"],
    ]);
    const text = runRelm(["approve", "--cwd", r.dir, "--approve", "alice"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("valid CAB sign-off");
  });

  it("writes evidence that relm publish puts into the record", () => {
    const r = project();
    const approval = runRelm(["approve", "--cwd", r.dir, "--approve", "alice", "--json"]);
    expect(approval.code).toBe(0);
    writeFileSync(join(r.dir, "approval.json"), approval.stdout);
    writeFileSync(join(r.dir, "app.txt"), "app\n");
    const published = runRelm(["publish", "--cwd", r.dir, "--approvals", join(r.dir, "approval.json"), "app.txt"]);
    expect(published.stderr).toBe("");
    expect(published.code).toBe(0);
    const list = runRelmJson<{ releases: { version: string; approval: { valid: boolean; evidence: { user: string }[] } }[] }>(["list", "--cwd", r.dir]);
    expect(list.json.releases[0]).toMatchObject({ version: "0.4.0", approval: { valid: true, evidence: [{ user: "alice" }] } });
  });

  it("says no sign-off is required when no rule applies, and exits 0", () => {
    const r = project("policy:\n  branches: [main]\n");
    const run = runRelm(["approve", "--cwd", r.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("no sign-off is required");
  });

  it("refuses --approve on a forge that has its own approvals (usage, exit 2)", () => {
    const r = project();
    const run = runRelm(["approve", "--cwd", r.dir, "--forge", "gitlab", "--approve", "alice"], { env: { CI_SERVER_URL: "http://127.0.0.1:9", CI_PROJECT_ID: "1" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_APPROVE_FLAG_FORGE");
  });

  it("prints the verdict's result on stdout and why it is not valid on stderr", () => {
    const r = project("approval:\n  quorum: 2\n  users: [alice, erin]\n");
    const run = runRelm(["approve", "--cwd", r.dir, "--approve", "alice", "--no-record"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("counted: alice");
    expect(run.stdout).not.toContain("error");
    expect(run.stderr).toContain("error: 1 more CAB approval needed");
    expect(run.stderr).toContain("error: not a valid CAB sign-off");
  });
});

describe("relm --quiet and --verbose", () => {
  it("--quiet prints results and errors only; --verbose (or RELM_DEBUG=1) traces each git process on stderr, leaving stdout as it is", () => {
    const r = project("approval:\n  quorum: 2\n  users: [alice, erin]\n");
    const quiet = runRelm(["-q", "approve", "--cwd", r.dir, "--approve", "alice", "--no-record"]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe("");
    expect(quiet.stderr).toContain("error: not a valid CAB sign-off");
    const plain = runRelm(["plan", "--cwd", r.dir, "--json"]);
    const verbose = runRelm(["--verbose", "plan", "--cwd", r.dir, "--json"]);
    expect(verbose.stdout).toBe(plain.stdout);
    expect(verbose.stderr).toMatch(/^relm: debug: git .+ -> exit 0 in \d+ ms$/m);
    expect(plain.stderr).not.toContain("relm: debug:");
    expect(runRelm(["plan", "--cwd", r.dir], { env: { RELM_DEBUG: "1" } }).stderr).toContain("relm: debug: git log");
  });
});
