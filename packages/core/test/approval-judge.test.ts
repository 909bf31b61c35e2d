import { describe, expect, it } from "vitest";
import { cabRuleSchema, judgeApprovals, type ApprovalEvidence, type CabRule } from "../src/index.ts";

const NOW = "2026-03-10T12:00:00.000Z";
const rule = (r: Partial<CabRule> = {}): CabRule => cabRuleSchema.parse({ users: ["alice", "bob", "carol"], ...r });
const approve = (user: string, at = "2026-03-10T11:00:00.000Z", extra: Partial<ApprovalEvidence> = {}): ApprovalEvidence => ({
  user,
  decision: "approved",
  at,
  source: "cli",
  ...extra,
});
const reject = (user: string, at = "2026-03-10T11:30:00.000Z", comment?: string): ApprovalEvidence => ({
  user,
  decision: "rejected",
  at,
  source: "comment",
  ...(comment ? { comment } : {}),
});
const ctx = { now: NOW, authors: [{ name: "Dave Dev", email: "dave@example.com" }] };

describe("quorum", () => {
  it("is met by as many distinct CAB members as the rule asks for", () => {
    const v = judgeApprovals([approve("alice"), approve("bob")], rule({ quorum: 2 }), ctx);
    expect(v.valid).toBe(true);
    expect(v.counted.map((c) => c.user)).toEqual(["alice", "bob"]);
    expect(v.missing).toBe(0);
    expect(v.messages).toContain("valid CAB sign-off");
  });

  it("says how many approvals are missing", () => {
    const v = judgeApprovals([approve("alice")], rule({ quorum: 3 }), ctx);
    expect(v.valid).toBe(false);
    expect(v.missing).toBe(2);
    expect(v.messages).toContain("2 more CAB approvals needed");
  });

  it("is not met by no evidence at all", () => {
    const v = judgeApprovals([], rule(), ctx);
    expect(v).toMatchObject({ valid: false, missing: 1, counted: [], ignored: [] });
  });

  it("counts the same person once however often and in whatever case they approve", () => {
    const v = judgeApprovals([approve("alice"), approve("ALICE", "2026-03-10T11:05:00Z"), approve("Alice", "2026-03-10T11:10:00Z")], rule({ quorum: 2 }), ctx);
    expect(v.valid).toBe(false);
    expect(v.counted).toHaveLength(1);
    expect(v.counted[0]?.at).toBe("2026-03-10T11:10:00Z");
    expect(v.ignored.map((i) => i.reason)).toEqual(["duplicate", "duplicate"]);
  });

  it("produces plain JSON", () => {
    const v = judgeApprovals([approve("alice"), approve("mallory")], rule(), ctx);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });
});

describe("membership", () => {
  it("ignores non-members with a reason", () => {
    const v = judgeApprovals([approve("mallory")], rule(), ctx);
    expect(v.valid).toBe(false);
    expect(v.ignored).toEqual([expect.objectContaining({ user: "mallory", reason: "not-cab-member", message: "mallory is not a CAB member" })]);
  });

  it("accepts members of a CAB group, resolved beforehand, and says through which group", () => {
    const r = rule({ users: [], groups: ["acme/release-managers", "acme/sre"] });
    const v = judgeApprovals([approve("erin"), approve("frank")], r, { ...ctx, groupsOf: { Erin: ["ACME/SRE"], frank: ["acme/web"] } });
    expect(v.counted).toEqual([expect.objectContaining({ user: "erin", via: "group:acme/sre" })]);
    expect(v.ignored).toEqual([expect.objectContaining({ user: "frank", reason: "not-cab-member" })]);
    expect(v.valid).toBe(true);
  });

  it("prefers the user list over groups when both apply", () => {
    const r = rule({ users: ["erin"], groups: ["acme/sre"] });
    const v = judgeApprovals([approve("erin")], r, { ...ctx, groupsOf: { erin: ["acme/sre"] } });
    expect(v.counted[0]?.via).toBe("user");
  });

  it("warns when the rule names nobody", () => {
    const v = judgeApprovals([approve("alice")], rule({ users: [] }), ctx);
    expect(v.valid).toBe(false);
    expect(v.messages[0]).toMatch(/names no users and no groups/);
  });
});

describe("separation of duties", () => {
  it("refuses a CAB member who authored a commit, matched by name, e-mail, local part or login", () => {
    const authors = [
      { name: "alice", email: "a.liddell@example.com" },
      { name: "Robert", email: "bob@example.com" },
      { name: "C", email: "12345+carol@users.noreply.github.com" },
      { name: "X", email: "x@example.com", login: "erin" },
    ];
    const v = judgeApprovals([approve("alice"), approve("bob"), approve("carol"), approve("erin")], rule({ users: ["alice", "bob", "carol", "erin"] }), { now: NOW, authors });
    expect(v.counted).toEqual([]);
    expect(v.ignored.map((i) => [i.user, i.reason])).toEqual([
      ["alice", "author"],
      ["bob", "author"],
      ["carol", "author"],
      ["erin", "author"],
    ]);
  });

  it("refuses the one who triggered the run", () => {
    const v = judgeApprovals([approve("alice"), approve("bob")], rule({ quorum: 2 }), { ...ctx, triggeredBy: "Bob" });
    expect(v.valid).toBe(false);
    expect(v.ignored).toEqual([expect.objectContaining({ user: "bob", reason: "triggered-run" })]);
  });

  it("can be switched off by the rule", () => {
    const v = judgeApprovals([approve("alice")], rule({ separationOfDuties: false }), { now: NOW, authors: [{ name: "alice" }], triggeredBy: "alice" });
    expect(v.valid).toBe(true);
  });
});

describe("staleness", () => {
  const r = rule({ maxAge: "2h" });
  it("counts an approval exactly maxAge old and refuses one a millisecond older", () => {
    const edge = judgeApprovals([approve("alice", "2026-03-10T10:00:00.000Z")], r, ctx);
    expect(edge.valid).toBe(true);
    const older = judgeApprovals([approve("alice", "2026-03-10T09:59:59.999Z")], r, ctx);
    expect(older.valid).toBe(false);
    expect(older.ignored[0]).toMatchObject({ reason: "stale" });
  });

  it("refuses evidence from the future and evidence with no readable time", () => {
    const v = judgeApprovals([approve("alice", "2026-03-10T12:06:00Z"), approve("bob", "yesterday")], r, ctx);
    expect(v.ignored.map((i) => [i.user, i.reason])).toEqual([
      ["alice", "future"],
      ["bob", "invalid-time"],
    ]);
  });

  it("takes an injected now as a Date too", () => {
    const v = judgeApprovals([approve("alice", "2026-03-10T10:00:00.000Z")], r, { ...ctx, now: new Date("2026-03-10T12:00:00.001Z") });
    expect(v.ignored[0]?.reason).toBe("stale");
  });
});

describe("rejection", () => {
  it("by a CAB member blocks even when quorum is met", () => {
    const v = judgeApprovals([approve("alice"), approve("bob"), reject("carol", undefined, "not during the sale")], rule({ quorum: 2 }), ctx);
    expect(v.valid).toBe(false);
    expect(v.missing).toBe(0);
    expect(v.rejections).toEqual([expect.objectContaining({ user: "carol", comment: "not during the sale" })]);
    expect(v.messages).toContain("rejected by CAB member carol: not during the sale");
  });

  it("by a non-member is ignored", () => {
    const v = judgeApprovals([approve("alice"), reject("mallory")], rule(), ctx);
    expect(v.valid).toBe(true);
    expect(v.ignored[0]).toMatchObject({ user: "mallory", reason: "not-cab-member" });
  });

  it("by an author still blocks: separation of duties limits who may say yes", () => {
    const v = judgeApprovals([approve("alice"), reject("bob")], rule(), { now: NOW, authors: [{ email: "bob@example.com" }] });
    expect(v.valid).toBe(false);
    expect(v.rejections[0]?.user).toBe("bob");
  });

  it("is superseded by the same member's later approval, and the other way round", () => {
    const changed = judgeApprovals([reject("alice", "2026-03-10T10:00:00Z"), approve("alice", "2026-03-10T11:00:00Z")], rule(), ctx);
    expect(changed.valid).toBe(true);
    expect(changed.ignored[0]).toMatchObject({ reason: "superseded", decision: "rejected" });
    const withdrawn = judgeApprovals([approve("alice", "2026-03-10T10:00:00Z"), reject("alice", "2026-03-10T11:00:00Z")], rule(), ctx);
    expect(withdrawn.valid).toBe(false);
    expect(withdrawn.rejections).toHaveLength(1);
  });

  it("that is stale no longer blocks", () => {
    const v = judgeApprovals([reject("carol", "2026-03-08T11:00:00Z"), approve("alice")], rule(), ctx);
    expect(v.valid).toBe(true);
    expect(v.ignored[0]).toMatchObject({ user: "carol", reason: "stale" });
  });
});
