import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cabRuleSchema, durationMs, isAuthor, judgeApprovals, type ApprovalEvidence } from "../src/index.ts";

const NOW = Date.parse("2026-03-10T12:00:00Z");
const logins = ["alice", "Alice", "bob", "carol", "dave", "erin", "mallory"];
const evidenceArb = fc.record({
  user: fc.constantFrom(...logins),
  decision: fc.constantFrom<ApprovalEvidence["decision"]>("approved", "rejected"),
  // from three days ago to ten minutes ahead, some unreadable
  at: fc.oneof(
    fc.integer({ min: -3 * 86_400_000, max: 600_000 }).map((d) => new Date(NOW + d).toISOString()),
    fc.constant("not a date"),
  ),
  source: fc.constantFrom<ApprovalEvidence["source"]>("environment", "comment", "cli"),
});
const ruleArb = fc.record({
  quorum: fc.integer({ min: 1, max: 4 }),
  users: fc.subarray(["alice", "bob", "carol", "dave"]),
  groups: fc.subarray(["acme/cab"]),
  separationOfDuties: fc.boolean(),
  maxAge: fc.constantFrom("1h", "24h", "2d"),
});

describe("judgeApprovals, whatever the evidence", () => {
  it("accounts for every piece once, counts distinct eligible members, and is valid exactly when quorum is met without a CAB rejection", () => {
    fc.assert(
      fc.property(fc.array(evidenceArb, { maxLength: 12 }), ruleArb, fc.subarray(["dave", "erin"]), fc.option(fc.constantFrom(...logins), { nil: undefined }), (evidence, r, authorLogins, triggeredBy) => {
        const rule = cabRuleSchema.parse(r);
        const authors = authorLogins.map((login) => ({ name: login, email: `${login}@example.com` }));
        const v = judgeApprovals(evidence, rule, { now: new Date(NOW), authors, groupsOf: { erin: ["acme/cab"] }, ...(triggeredBy ? { triggeredBy } : {}) });

        expect(v.counted.length + v.rejections.length + v.ignored.length).toBe(evidence.length);
        const counted = v.counted.map((c) => c.user.toLowerCase());
        expect(new Set(counted).size).toBe(counted.length);
        for (const c of v.counted) {
          expect(c.decision).toBe("approved");
          const member = rule.users.includes(c.user.toLowerCase()) || (rule.groups.includes("acme/cab") && c.user === "erin");
          expect(member).toBe(true);
          if (rule.separationOfDuties) {
            expect(isAuthor(c.user, authors)).toBeUndefined();
            expect(c.user.toLowerCase()).not.toBe(triggeredBy?.toLowerCase());
          }
          expect(NOW - Date.parse(c.at)).toBeLessThanOrEqual(durationMs(rule.maxAge) ?? 0);
        }
        expect(v.missing).toBe(Math.max(0, rule.quorum - v.counted.length));
        expect(v.valid).toBe(v.counted.length >= rule.quorum && v.rejections.length === 0);
        expect(JSON.parse(JSON.stringify(v))).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
