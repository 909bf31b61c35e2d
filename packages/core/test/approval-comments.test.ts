import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { approvalsFromComments, cabRuleSchema, changeRequestState, judgeApprovals, parseApprovalComment } from "../src/index.ts";

const at = "2026-03-10T11:00:00Z";
const parse = (body: string) => parseApprovalComment({ user: "alice", body, at, url: "https://forge.example/c/1" });

describe("/approve and /reject comments", () => {
  it("reads the command and the reason from the first line", () => {
    expect(parse("/approve")).toEqual({ user: "alice", decision: "approved", at, source: "comment", url: "https://forge.example/c/1" });
    expect(parse("/reject not during the sale\nmore words")).toMatchObject({ decision: "rejected", comment: "not during the sale" });
    expect(parse("  /approve\tlooks good  \r\n")).toMatchObject({ decision: "approved", comment: "looks good" });
  });

  it("treats anything but the exact command as talk", () => {
    for (const body of ["/approved", "/approve:", "/Approve", "/APPROVE", "> /approve", "please /approve", "`/approve`", "\u200b/approve", "/аpprove", "", "lgtm\n/approve", "\n/approve", "/approve-not"]) {
      expect(parse(body), JSON.stringify(body)).toBeUndefined();
    }
  });

  it("keeps hostile reason text as inert data: no controls, bidi overrides shown, one line, bounded", () => {
    const e = parse("/reject \u001b[31mred\u001b[0m \u202eevil\u202c ::error::boom $(rm -rf /) `x` <script>");
    expect(e?.comment).toBe("[31mred[0m [U+202E]evil[U+202C] ::error::boom $(rm -rf /) `x` <script>");
    expect(parse(`/reject ${"x".repeat(10_000)}`)?.comment).toHaveLength(500);
    expect(parse("/reject a\rb")?.comment).toBe("a");
  });

  it("never throws and never yields a multi-line or control-bearing reason, whatever the comment", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), (head, tail) => {
        const e = parse(head + tail);
        if (e === undefined) return;
        expect(["approved", "rejected"]).toContain(e.decision);
        // eslint-disable-next-line no-control-regex
        expect(e.comment ?? "").not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });

  it("collects the commands of a thread in order, for the judge", () => {
    const comments = [
      { user: "alice", body: "/approve", at: "2026-03-10T11:00:00Z" },
      { user: "mallory", body: "/approve I am totally on the CAB", at: "2026-03-10T11:01:00Z" },
      { user: "bob", body: "Looks fine to me", at: "2026-03-10T11:02:00Z" },
      { user: "bob", body: "/approve", at: "2026-03-10T11:03:00Z" },
    ];
    const evidence = approvalsFromComments(comments);
    expect(evidence.map((e) => e.user)).toEqual(["alice", "mallory", "bob"]);
    const rule = cabRuleSchema.parse({ users: ["alice", "bob"], quorum: 2, mode: "change-request" });
    const verdict = judgeApprovals(evidence, rule, { now: "2026-03-10T12:00:00Z", authors: [] });
    expect(verdict.valid).toBe(true);
    expect(verdict.ignored).toEqual([expect.objectContaining({ user: "mallory", reason: "not-cab-member" })]);
  });
});

describe("change request state", () => {
  const rule = cabRuleSchema.parse({ users: ["alice", "bob"], quorum: 2 });
  const timing = { openedAt: "2026-03-10T10:00:00Z", timeout: "2h" };
  const judge = (bodies: [string, string][]) =>
    judgeApprovals(
      approvalsFromComments(bodies.map(([user, body]) => ({ user, body, at: "2026-03-10T11:00:00Z" }))),
      rule,
      { now: "2026-03-10T11:30:00Z", authors: [] },
    );

  it("waits until quorum, then approves", () => {
    expect(changeRequestState(judge([["alice", "/approve"]]), { ...timing, now: "2026-03-10T11:59:59Z" })).toBe("waiting");
    expect(changeRequestState(judge([["alice", "/approve"], ["bob", "/approve"]]), { ...timing, now: "2026-03-10T11:30:00Z" })).toBe("approved");
  });

  it("ends at once on a CAB rejection and at the timeout without quorum", () => {
    expect(changeRequestState(judge([["alice", "/approve"], ["bob", "/reject no"]]), { ...timing, now: "2026-03-10T11:30:00Z" })).toBe("rejected");
    expect(changeRequestState(judge([["alice", "/approve"]]), { ...timing, now: "2026-03-10T12:00:00Z" })).toBe("timed-out");
  });
});
