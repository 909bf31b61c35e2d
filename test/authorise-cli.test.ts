// Authorise, then release, end to end on a real git repository: the candidate the CAB signs, a forged
// approvals file, an approval given at another commit, and a refused sign-off that leaves nothing public.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

let repo: GitFixture | undefined;
afterEach(() => repo?.cleanup());

function project(): GitFixture {
  const r = createGitFixture();
  repo = r;
  r.commit("chore: start", { files: { ".relm.yml": "approval:\n  quorum: 1\n  users: [alice, carol]\n", ".gitignore": ".relm/\n" } });
  r.tag("v0.3.0", { message: "0.3.0" });
  r.commit("feat: a new thing", { files: { "a.txt": "a" }, author: { name: "Dave D", email: "dave@example.com" } });
  return r;
}

interface Listed {
  releases: { version: string; approval?: { valid: boolean; assurance?: string; evidence: { user: string; candidate?: string }[] }; candidate?: { digest: string } }[];
}

describe("authorise, then release", () => {
  it("plan writes the candidate; approve, tag and publish accept it with the same sign-off", () => {
    const r = project();
    const plan = runRelm(["plan", "--cwd", r.dir, "--candidate", join(r.dir, "candidate.json")]);
    expect(plan.code).toBe(0);
    const candidate = JSON.parse(readFileSync(join(r.dir, "candidate.json"), "utf8")) as { digest: string; candidate: { commit: string; policy: { digest: string | null } } };
    expect(candidate.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(candidate.candidate.commit).toBe(r.git("rev-parse", "HEAD"));
    expect(candidate.candidate.policy.digest).toMatch(/^sha256:/);
    expect(plan.stderr).toContain(candidate.digest);

    const approval = runRelm(["approve", "--cwd", r.dir, "--candidate", "candidate.json", "--approve", "alice", "--json"]);
    expect(approval.code).toBe(0);
    writeFileSync(join(r.dir, "approval.json"), approval.stdout);
    const tag = runRelm(["tag", "--cwd", r.dir, "--candidate", "candidate.json", "--approvals", "approval.json"]);
    expect(tag.code).toBe(0);
    expect(r.git("tag", "-l")).toContain("v0.4.0");
    writeFileSync(join(r.dir, "app.txt"), "app\n");
    const published = runRelm(["publish", "--cwd", r.dir, "--candidate", candidate.digest, "--approvals", "approval.json", "app.txt"]);
    expect(published.stderr).toBe("");
    expect(published.code).toBe(0);
    const list = runRelmJson<Listed>(["list", "--cwd", r.dir]);
    expect(list.json.releases[0]).toMatchObject({ version: "0.4.0", candidate: { digest: candidate.digest }, approval: { valid: true, assurance: "local", evidence: [{ user: "alice", candidate: candidate.digest }] } });
  });

  it("refuses a hand-edited approvals file: the verdict in it is never trusted", () => {
    const r = project();
    const forged = { valid: true, verdict: { valid: true }, evidence: [{ user: "mallory", decision: "approved", at: "2020-01-01T00:00:00Z", source: "cli" }] };
    writeFileSync(join(r.dir, "forged.json"), JSON.stringify(forged));
    writeFileSync(join(r.dir, "app.txt"), "app\n");
    const run = runRelm(["publish", "--cwd", r.dir, "--approvals", "forged.json", "app.txt"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("RELM_SIGN_OFF_INVALID");
    expect(run.stderr).toContain("mallory");
    const list = runRelmJson<Listed>(["list", "--cwd", r.dir]);
    expect(list.json.releases).toEqual([]);
  });

  it("refuses an approval given at commit A for the candidate at commit B, naming the commit", () => {
    const r = project();
    expect(runRelm(["plan", "--cwd", r.dir, "--candidate", join(r.dir, "candidate.json")]).code).toBe(0);
    const approval = runRelm(["approve", "--cwd", r.dir, "--approve", "alice", "--json"]);
    writeFileSync(join(r.dir, "approval.json"), approval.stdout);
    r.commit("fix: landed after the sign-off", { files: { "b.txt": "b" } });
    const tag = runRelm(["tag", "--cwd", r.dir, "--candidate", "candidate.json", "--approvals", "approval.json"]);
    expect(tag.code).toBe(1);
    expect(tag.stderr).toContain("RELM_CANDIDATE_MISMATCH");
    expect(tag.stderr).toContain("a different commit");
    // Without the candidate file the approval itself names the other candidate.
    const unbound = runRelm(["tag", "--cwd", r.dir, "--approvals", "approval.json"]);
    expect(unbound.code).toBe(1);
    expect(unbound.stderr).toContain("other-candidate");
    expect(r.git("tag", "-l")).toBe("v0.3.0");
  });

  it("a refused sign-off leaves no tag, no changelog and no record, only a rejected event", () => {
    const r = project();
    const refused = runRelm(["release", "--cwd", r.dir, "--approve", "mallory"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain("release refused at approve");
    expect(r.git("tag", "-l")).toBe("v0.3.0");
    expect(r.git("status", "--porcelain")).toBe("");
    const verify = runRelmJson<{ events: { event: string; detail: { outcome: string } }[]; records: unknown[] }>(["verify", "--cwd", r.dir]);
    expect(verify.json.records).toEqual([]);
    expect(verify.json.events).toMatchObject([{ event: "rejected", detail: { outcome: "missing" } }]);
    // The same refusal again records nothing new; then a valid sign-off releases.
    runRelm(["release", "--cwd", r.dir, "--approve", "mallory"]);
    expect(runRelmJson<{ events: unknown[] }>(["verify", "--cwd", r.dir]).json.events).toHaveLength(1);
    const released = runRelm(["release", "--cwd", r.dir, "--approve", "carol"]);
    expect(released.code).toBe(0);
    expect(r.git("tag", "-l")).toContain("v0.4.0");
  });
});
