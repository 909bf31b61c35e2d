// runGate over a real repository (packages/git) and in-memory forge readers: what it gathers, and from where.
import { afterAll, describe, expect, it } from "vitest";
import { fixedClock, policyRefOf, runGate, type CheckReader, type DeploymentReader, type FreezeReader, type MembershipReader } from "@relm/core";
import { gitRepository } from "@relm/git";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";

const POLICY = `policy:
  checks: [build]
  override:
    groups: [acme/sre]
    rules: [freeze]
  risk:
    classes:
      - name: major
        when: [{ breaking: true }]
        approval: { quorum: 2 }
  environments:
    staging: {}
    production:
      after: [staging]
      approval: { quorum: 1, users: [carol, dave] }
`;

const fixtures: GitFixture[] = [];
afterAll(() => fixtures.forEach((f) => f.cleanup()));

function repo(): GitFixture {
  const f = createGitFixture();
  fixtures.push(f);
  f.commit("feat: one", { files: { ".relm.yml": POLICY } });
  f.tag("v1.0.0", { message: "v1.0.0" });
  f.commit("feat!: drop the old API", { files: { "src/api.ts": "export {};\n" } });
  return f;
}

describe("runGate", () => {
  it("asks the forge readers about the release commit, plans the release and resolves override groups", async () => {
    const f = repo();
    const head = f.head();
    const asked: string[] = [];
    const checks: CheckReader = { checks: async (commit) => (asked.push(`checks ${commit}`), [{ name: "build", conclusion: "success", source: "check-run" }]) };
    const deployments: DeploymentReader = { deployments: async (env) => (asked.push(`deployments ${env}`), [{ environment: env, commit: head, version: "2.0.0", state: "success", at: "2026-11-01T00:00:00Z" }]) };
    const freezes: FreezeReader = { freezes: async () => [{ start: "0 0 * * *", end: "59 23 * * *", timeZone: "UTC", source: "gitlab" }] };
    const members: MembershipReader = { isMember: async (user, group) => (asked.push(`member ${user} ${group}`), user === "sam" && group === "acme/sre") };
    const { decision } = await runGate(
      { git: gitRepository(f.dir, { env: gitEnv() }), clock: fixedClock(new Date("2026-11-18T12:00:00Z")), checks, deployments, freezes, members },
      { targetRef: "main", environment: "production", override: { by: "sam", via: "input", reason: "hotfix", rules: ["freeze"] } },
    );
    expect(asked).toEqual([`checks ${head}`, "deployments staging", "member sam acme/sre"]);
    expect(decision.facts.release).toMatchObject({ version: "2.0.0", bump: "major", breaking: true });
    expect(decision.riskClass.name).toBe("major");
    expect(decision.requiredApproval).toMatchObject({ quorum: 2, users: ["carol", "dave"] });
    // The forge's freeze holds at noon; the accepted override lifts it and nothing else was broken.
    expect(decision.overridden.map((v) => v.code)).toEqual(["RELM_GATE_FREEZE"]);
    expect(decision.allowed).toBe(true);
    expect(decision.evaluatedAt).toBe("2026-11-18T12:00:00.000Z");
  });

  it("judges by the target ref's policy and says so; no policy there means the defaults", async () => {
    const f = createGitFixture();
    fixtures.push(f);
    f.commit("chore: init", { files: { "README.md": "x\n" } });
    f.branch("feature");
    f.commit("chore: add a policy in the change", { files: { ".relm.yml": "policy:\n  branches: [nothing]\n" } });
    const { decision } = await runGate({ git: gitRepository(f.dir, { env: gitEnv() }), clock: fixedClock(new Date("2026-11-18T12:00:00Z")) }, { targetRef: "main" });
    expect(decision.allowed).toBe(true);
    expect(decision.policy).toMatchObject({ ref: "main", found: false, changedByRelease: true, revision: f.git("rev-parse", "main") });
  });

  it("reads an override asked by the policy's label from the change's description, asked by whoever triggered the run", async () => {
    const f = createGitFixture();
    fixtures.push(f);
    f.commit("chore: init", { files: { ".relm.yml": "policy:\n  freezes: [{ name: always, from: 2020-01-01, until: 2030-01-01 }]\n  override: { users: [alice], via: [label], label: break-glass, rules: [freeze] }\n" } });
    const gate = (request: Parameters<typeof runGate>[1]) => runGate({ git: gitRepository(f.dir, { env: gitEnv() }), clock: fixedClock(new Date("2026-11-18T12:00:00Z")) }, request);
    const description = "Fixes the outage.\n\nRelm-Override: freeze\nRelm-Override-Reason: INC-7 payments down\n";
    const labelled = await gate({ targetRef: "main", labels: ["Break-Glass"], labelOverride: { by: "alice", description } });
    expect(labelled.decision.override).toMatchObject({ by: "alice", via: "label", reason: "INC-7 payments down", rules: ["freeze"], accepted: true, lifted: ["RELM_GATE_FREEZE"], at: "2026-11-18T12:00:00.000Z" });
    expect(labelled.decision.allowed).toBe(true);
    // Without the label the description asks for nothing; the label without text is refused, not ignored.
    expect((await gate({ targetRef: "main", labels: ["other"], labelOverride: { by: "alice", description } })).decision.override).toBeUndefined();
    const bare = await gate({ targetRef: "main", labels: ["break-glass"], labelOverride: { by: "alice" } });
    expect(bare.decision.override).toMatchObject({ via: "label", accepted: false, refusal: "an override needs a reason" });
    expect(bare.decision.violations.map((v) => v.code).sort()).toEqual(["RELM_GATE_FREEZE", "RELM_GATE_OVERRIDE"]);
    // Someone the policy does not name cannot use the label someone else put on.
    const mallory = await gate({ targetRef: "main", labels: ["break-glass"], labelOverride: { by: "mallory", description } });
    expect(mallory.decision.override).toMatchObject({ accepted: false, refusal: expect.stringContaining("mallory may not override") });
  });

  it("finds the policy branch on the remote first, and never falls back from a branch it was told", async () => {
    const f = createGitFixture();
    fixtures.push(f);
    f.commit("chore: init", { files: { "README.md": "x\n" } });
    const git = gitRepository(f.dir, { env: gitEnv() });
    expect(await policyRefOf(git, { branch: "main", namedBy: "repository.default_branch" })).toBe("main");
    f.git("update-ref", "refs/remotes/origin/main", "HEAD");
    expect(await policyRefOf(git, { branch: "main" })).toBe("origin/main");
    await expect(policyRefOf(git, { branch: "release/2.x", namedBy: "GITHUB_BASE_REF" })).rejects.toThrow(/GITHUB_BASE_REF names "release\/2.x"/);
  });
});
