// relm's CLI with --forge gitlab against the fake GitLab: the gate keeps a project's GitLab deploy
// freezes, and change-request sign-off counts /approve notes by CAB users and group members.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";

const root = join(import.meta.dirname, "..");
const relm = join(root, "packages", "cli", "bin", "relm.js");
const run = promisify(execFile);

const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function repository(config: string): GitFixture {
  const repo = createGitFixture();
  cleanups.push(() => repo.cleanup());
  repo.commit("feat: first release", { files: { "README.md": "app\n" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("fix: the export", { files: { ".relm.yml": config } });
  return repo;
}

async function relmIn(repo: GitFixture, fake: FakeGitlab, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", GITLAB_TOKEN: "glpat-fake-token", GITHUB_ACTIONS: "", GITLAB_CI: "", ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [relm, ...args], { cwd: repo.dir, env: gitEnv(base) });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

describe("relm --forge gitlab", () => {
  it("the gate denies during a deploy freeze declared in GitLab, though the policy declares none", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    fake.state.freezePeriods.push({ id: 9, freeze_start: "0 8 * * 1-5", freeze_end: "0 18 * * 1-5", cron_timezone: "Europe/Berlin" });
    const repo = repository("policy:\n  branches: [main]\n");
    const frozen = await relmIn(repo, fake, ["gate", "--forge", "gitlab", "--env", "production", "--at", "2026-11-23T10:00:00+01:00", "--json"]);
    expect(frozen.code, frozen.stderr).toBe(1);
    const decision = JSON.parse(frozen.stdout) as { allowed: boolean };
    expect(decision.allowed).toBe(false);
    expect(frozen.stdout).toContain("gitlab freeze period #9");
    const open = await relmIn(repo, fake, ["gate", "--forge", "gitlab", "--env", "production", "--at", "2026-11-23T19:00:00+01:00", "--json"]);
    expect(open.code, open.stderr).toBe(0);
    expect((JSON.parse(open.stdout) as { allowed: boolean }).allowed).toBe(true);
    expect(fake.requests.filter((r) => r.route === "list-freeze-periods")).toHaveLength(2);
    expect(fake.violations).toEqual([]);
  });

  it("policy explain shows the project's deploy freezes in the change calendar, as the gate judges them", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    fake.state.freezePeriods.push({ id: 9, freeze_start: "0 8 * * 1-5", freeze_end: "0 18 * * 1-5", cron_timezone: "Europe/Berlin" });
    const repo = repository("policy:\n  branches: [main]\n");
    const explained = await relmIn(repo, fake, ["policy", "explain", "--forge", "gitlab", "--env", "production", "--at", "2026-11-23T10:00:00+01:00", "--json"]);
    expect(explained.code, explained.stderr).toBe(0);
    const json = JSON.parse(explained.stdout) as { frozen: boolean; frozenUntil?: string; calendar: { name: string }[] };
    expect(json.frozen).toBe(true);
    expect(json.frozenUntil).toBe("2026-11-23T17:00:00Z");
    expect(json.calendar.map((w) => w.name)).toContain("gitlab freeze period #9 freeze");
    const text = await relmIn(repo, fake, ["policy", "explain", "--forge", "gitlab", "--at", "2026-11-23T10:00:00+01:00"]);
    expect(text.stdout).toContain("gitlab freeze period #9");
    // Without the forge, the calendar is the policy file's alone.
    const local = await relmIn(repo, fake, ["policy", "explain", "--forge", "local", "--at", "2026-11-23T10:00:00+01:00", "--json"]);
    expect((JSON.parse(local.stdout) as { frozen: boolean }).frozen).toBe(false);
    expect(fake.violations).toEqual([]);
  });

  it("change-request sign-off: a quorum of two from /approve notes, CAB membership by user and by GitLab group", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository("approval:\n  quorum: 2\n  users: [carol]\n  groups: [acme/cab]\n  maxAge: 1w\n");
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    fake.state.users.set("carol", 3).set("dave", 4).set("erin", 5);
    fake.state.groupMembers.set("acme/cab", new Map([[4, 30]]));
    fake.state.issueNotes.set(12, [
      { id: 1, body: "/approve", system: false, created_at: at(30), username: "erin" },
      { id: 2, body: "/approve ship it", system: false, created_at: at(20), username: "carol" },
    ]);
    const env = { RELM_GITLAB_APPROVAL_MODE: "change-request", RELM_GITLAB_CHANGE_REQUEST_ISSUE: "12" };
    // The first run names the release candidate on the issue: the notes before it were not given for it.
    const first = await relmIn(repo, fake, ["approve", "--forge", "gitlab", "--env", "production", "--json"], env);
    expect(first.code, first.stderr).toBe(1);
    const announcement = fake.state.issueNotes.get(12)?.at(-1);
    expect(announcement?.username).toBe("relm-bot");
    const candidate = /relm-candidate: (sha256:[0-9a-f]{64})/.exec(announcement?.body ?? "")?.[1];
    expect(candidate).toMatch(/^sha256:/);

    fake.state.issueNotes.get(12)?.push(
      { id: 2001, body: "/approve", system: false, created_at: at(3), username: "erin" },
      { id: 2002, body: "/approve ship it", system: false, created_at: at(2), username: "carol" },
    );
    const short = await relmIn(repo, fake, ["approve", "--forge", "gitlab", "--env", "production", "--json"], env);
    expect(short.code, short.stderr).toBe(1);
    expect((JSON.parse(short.stdout) as { valid: boolean }).valid).toBe(false);

    fake.state.issueNotes.get(12)?.push({ id: 2003, body: "/approve", system: false, created_at: at(1), username: "dave" });
    const enough = await relmIn(repo, fake, ["approve", "--forge", "gitlab", "--env", "production", "--json"], env);
    expect(enough.code, enough.stderr).toBe(0);
    const verdict = JSON.parse(enough.stdout) as { valid: boolean; candidate?: string };
    expect(verdict.valid).toBe(true);
    // One announcement for the one candidate, however often the job is retried.
    expect(fake.requests.filter((r) => r.route === "create-issue-note")).toHaveLength(1);
    expect(fake.requests.some((r) => r.path === "/groups/acme%2Fcab/members/all/4" && r.status === 200)).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it("a later job reads the approve job's sign-off again from GitLab by its ids: the player's file passes, a forged one is refused", async () => {
    const fake = await startFakeGitlab();
    cleanups.push(() => fake.close());
    const repo = repository("approval:\n  quorum: 1\n  users: [carol]\n");
    const sha = repo.git("rev-parse", "HEAD");
    fake.state.users.set("carol", 3).set("mallory", 6);
    const approveJob = { id: 501, name: "approve", status: "running", username: "carol", started_at: new Date().toISOString(), sha };
    fake.state.jobs.set(501, approveJob);
    const env = { RELM_GITLAB_APPROVAL_MODE: "manual-job" };
    const approved = await relmIn(repo, fake, ["approve", "--forge", "gitlab", "--env", "production", "--json"], { ...env, CI_JOB_ID: "501" });
    expect(approved.code, approved.stderr).toBe(0);
    const handed = JSON.parse(approved.stdout) as { evidence: { id?: string; user: string }[] };
    expect(handed.evidence.map((e) => [e.user, e.id])).toEqual([["carol", "job:501"]]);
    fake.state.jobs.set(501, { ...approveJob, status: "success" });
    const file = (name: string, evidence: unknown[]) => {
      writeFileSync(join(repo.dir, name), JSON.stringify({ evidence, verdict: { valid: true } }));
      return name;
    };
    // mallory edits the file: her name on the approve job, and a deployment approval GitLab never had.
    const forged = file("forged.json", [
      { ...handed.evidence[0], user: "mallory" },
      { user: "mallory", decision: "approved", at: new Date().toISOString(), source: "deployment", id: "deployment:9/mallory", candidate: (handed.evidence[0] as { candidate?: string }).candidate },
    ]);
    fake.state.deployments.push({ id: 9, iid: 9, environment: "production", sha, ref: "main", tag: false, status: "success", pipelineId: 77, created_at: new Date().toISOString(), updated_at: new Date().toISOString() });
    const refused = await relmIn(repo, fake, ["tag", "--forge", "gitlab", "--env", "production", "--approvals", forged], { ...env, CI_JOB_ID: "600" });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("RELM_SIGN_OFF_INVALID");
    expect(refused.stdout + refused.stderr).toContain("job:501: not counted: GitLab says job 501 was played by carol and is success");
    expect(refused.stdout + refused.stderr).toContain("deployment:9/mallory: not counted: GitLab does not show this approved by mallory on deployment 9");
    expect(fake.requests.filter((r) => r.route === "create-tag")).toEqual([]);

    const genuine = file("approvals.json", handed.evidence);
    const tagged = await relmIn(repo, fake, ["tag", "--forge", "gitlab", "--env", "production", "--approvals", genuine], { ...env, CI_JOB_ID: "600" });
    expect(tagged.code, tagged.stderr).toBe(0);
    expect(fake.requests.filter((r) => r.route === "show-job").map((r) => r.path)).toContain("/projects/42/jobs/501");
    expect(fake.requests.filter((r) => r.route === "create-tag" && r.status === 201)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });
});
