import { describe, expect, it } from "vitest";
import { approveRelease, authorsOf, cabRuleSchema, fixedClock, RelmError, type ApprovalEvidence, type MembershipReader } from "../src/index.ts";

const clock = fixedClock(new Date("2026-03-10T12:00:00Z"));
const reader = (evidence: ApprovalEvidence[]) => {
  const asked: { environment: string; runId?: string }[] = [];
  return { asked, approvals: async (c: { environment: string; runId?: string }) => (asked.push(c), evidence) };
};
const ev = (user: string): ApprovalEvidence => ({ user, decision: "approved", at: "2026-03-10T11:00:00Z", source: "environment" });

/** A membership directory that records which questions it was asked. */
function directory(teams: Record<string, string[]>): MembershipReader & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    isMember: async (user, group) => (questions.push(`${user}@${group}`), (teams[group] ?? []).includes(user)),
  };
}

describe("approveRelease", () => {
  it("reads the environment's evidence for the run and judges it", async () => {
    const approvals = reader([ev("alice")]);
    const result = await approveRelease(
      { environment: "production", runId: "42", rule: cabRuleSchema.parse({ users: ["alice"] }), commits: [{ authorName: "Dave", authorEmail: "dave@example.com" }] },
      { approvals, clock },
    );
    expect(approvals.asked).toEqual([{ environment: "production", runId: "42" }]);
    expect(result.verdict.valid).toBe(true);
    expect(result.judgedAt).toBe("2026-03-10T12:00:00.000Z");
    expect(result.evidence).toEqual([ev("alice")]);
  });

  it("resolves group membership through the port, once per approver not already listed", async () => {
    const members = directory({ "acme/cab": ["erin"] });
    const result = await approveRelease(
      { environment: "prod", rule: cabRuleSchema.parse({ users: ["alice"], groups: ["acme/cab", "acme/sre"], quorum: 2 }), commits: [] },
      { approvals: reader([ev("alice"), ev("erin"), ev("erin"), ev("mallory")]), members, clock },
    );
    expect(members.questions).toEqual(["erin@acme/cab", "erin@acme/sre", "mallory@acme/cab", "mallory@acme/sre"]);
    expect(result.verdict.valid).toBe(true);
    expect(result.verdict.counted.map((c) => c.via)).toEqual(["user", "group:acme/cab"]);
  });

  it("refuses an author and a co-author of a commit in the release, and the triggerer", async () => {
    const commits = [
      { authorName: "Alice A", authorEmail: "alice@example.com", message: "feat: x" },
      { authorName: "Dave", authorEmail: "dave@example.com", message: "fix: y\n\nCo-authored-by: Bob B <bob@example.com>\n" },
    ];
    const result = await approveRelease(
      { environment: "prod", rule: cabRuleSchema.parse({ users: ["alice", "bob", "carol"] }), commits, triggeredBy: "carol" },
      { approvals: reader([ev("alice"), ev("bob"), ev("carol")]), clock },
    );
    expect(result.verdict.valid).toBe(false);
    expect(result.verdict.ignored.map((i) => [i.user, i.reason])).toEqual([
      ["alice", "author"],
      ["bob", "author"],
      ["carol", "triggered-run"],
    ]);
  });

  it("is a configuration error when the rule names groups and the forge cannot resolve them", async () => {
    const run = approveRelease({ environment: "prod", rule: cabRuleSchema.parse({ groups: ["acme/cab"] }), commits: [] }, { approvals: reader([ev("x")]), clock });
    await expect(run).rejects.toBeInstanceOf(RelmError);
    await expect(run).rejects.toMatchObject({ code: "RELM_APPROVAL_GROUPS_UNSUPPORTED", kind: "config" });
  });
});

describe("authorsOf", () => {
  it("lists each author and co-author once", () => {
    const authors = authorsOf([
      { authorName: "Alice", authorEmail: "alice@example.com" },
      { authorName: "Alice", authorEmail: "ALICE@example.com", authorLogin: undefined },
      { authorName: "Bob", authorEmail: "bob@example.com", message: "x\n\nco-authored-by: Carol <carol@example.com>\nCo-Authored-By:Dan<dan@example.com>" },
    ]);
    expect(authors).toEqual([
      { name: "Alice", email: "alice@example.com" },
      { name: "Bob", email: "bob@example.com" },
      { name: "Carol", email: "carol@example.com" },
      { name: "Dan", email: "dan@example.com" },
    ]);
  });
});
