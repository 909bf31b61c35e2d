// A later job (tag, publish) does not believe the approve job's file: it asks GitLab again for each
// piece of evidence by its id, and counts only what GitLab still shows, at this commit and environment.
import { afterEach, describe, expect, it } from "vitest";
import type { ApprovalEvidence } from "@relm/core";
import { harness, SHA_A, SHA_B, type Harness } from "./support.ts";

let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.fake.close();
});

const candidate = `sha256:${"c".repeat(64)}`;
const deployment = {
  id: 9, iid: 9, environment: "production", sha: SHA_A, ref: "v1.0.0", tag: true, status: "blocked", pipelineId: 77,
  created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:00:00Z",
};

describe("evidence handed over by the approve job, read again from GitLab", () => {
  it("deployment approvals: by deployment id and user; forged, other-commit and other-environment pieces are left out with the reason", async () => {
    h = await harness({ approval: { mode: "deployment", pipelineId: 77 } });
    h.fake.state.users.set("carol", 3).set("mallory", 6);
    h.fake.state.deployments.push(
      { ...deployment, approvals: [{ username: "carol", status: "approved", created_at: "2026-03-01T11:00:00Z", comment: "ok" }] },
      { ...deployment, id: 8, iid: 8, sha: SHA_B, approvals: [{ username: "mallory", status: "approved", created_at: "2026-02-01T00:00:00Z" }] },
      { ...deployment, id: 7, iid: 7, environment: "staging", approvals: [{ username: "mallory", status: "approved", created_at: "2026-02-01T00:00:00Z" }] },
    );
    const handed = await h.forge.approvals!.approvals({ environment: "production" });
    expect(handed.map((e) => e.id)).toEqual(["deployment:9/carol"]);
    const given: ApprovalEvidence[] = [
      { ...handed[0]!, candidate },
      { user: "mallory", decision: "approved", at: "2026-03-01T11:00:00Z", source: "deployment", id: "deployment:9/mallory", candidate },
      { user: "mallory", decision: "approved", at: "2026-02-01T00:00:00Z", source: "deployment", id: "deployment:8/mallory", candidate },
      { user: "mallory", decision: "approved", at: "2026-02-01T00:00:00Z", source: "deployment", id: "deployment:7/mallory", candidate },
      { user: "mallory", decision: "approved", at: "2026-03-01T11:00:00Z", source: "deployment", candidate },
    ];
    const again = await h.forge.approvals!.readAgain!(given, { environment: "production", commit: SHA_A, candidate });
    expect(again.evidence).toEqual([{ user: "carol", decision: "approved", at: "2026-03-01T11:00:00Z", comment: "ok", source: "deployment", id: "deployment:9/carol", candidate }]);
    expect(again.left.map((l) => [l.id, l.reason])).toEqual([
      ["deployment:9/mallory", "GitLab does not show this approved by mallory on deployment 9"],
      ["deployment:8/mallory", `deployment 8 is of commit ${SHA_B.slice(0, 12)}, not of ${SHA_A.slice(0, 12)}`],
      ["deployment:7/mallory", "deployment 7 is to staging, not to production"],
      ["deployment:mallory", "names no GitLab id to read it again by (an approve job of an older relm, or a hand-made file)"],
    ]);
  });

  it("a changed decision counts as GitLab has it now: an approval turned rejection is not an approval", async () => {
    h = await harness({ approval: { mode: "deployment", pipelineId: 77 } });
    h.fake.state.users.set("carol", 3);
    h.fake.state.deployments.push({ ...deployment, approvals: [{ username: "carol", status: "rejected", created_at: "2026-03-01T11:00:00Z" }] });
    const given: ApprovalEvidence[] = [{ user: "carol", decision: "approved", at: "2026-03-01T11:00:00Z", source: "deployment", id: "deployment:9/carol", candidate }];
    const again = await h.forge.approvals!.readAgain!(given, { environment: "production", commit: SHA_A, candidate });
    expect(again.evidence).toEqual([]);
    expect(again.left[0]?.reason).toBe("GitLab does not show this approved by carol on deployment 9");
  });

  it("the manual job: GitLab's player of the finished job, at the job's commit", async () => {
    h = await harness({ approval: { mode: "manual-job", jobId: 501 } });
    h.fake.state.users.set("carol", 3);
    h.fake.state.jobs.set(501, { id: 501, name: "approve", status: "success", username: "carol", started_at: "2026-03-01T12:00:00Z", sha: SHA_A });
    h.fake.state.jobs.set(502, { id: 502, name: "approve", status: "success", username: "carol", started_at: "2026-03-01T12:00:00Z", sha: SHA_B });
    h.fake.state.jobs.set(503, { id: 503, name: "approve", status: "canceled", username: "carol", started_at: "2026-03-01T12:00:00Z", sha: SHA_A });
    const piece = (id: string, user = "carol"): ApprovalEvidence => ({ user, decision: "approved", at: "2026-03-01T12:00:00Z", source: "manual-job", id, candidate });
    const again = await h.forge.approvals!.readAgain!([piece("job:501"), piece("job:501", "dave"), piece("job:502"), piece("job:503")], { environment: "production", commit: SHA_A, candidate });
    expect(again.evidence).toEqual([piece("job:501")]);
    expect(again.left.map((l) => l.reason)).toEqual([
      "GitLab says job 501 was played by carol and is success",
      `job 502 ran at commit ${SHA_B.slice(0, 12)}, not at ${SHA_A.slice(0, 12)}`,
      "GitLab says job 503 was played by carol and is canceled",
    ]);
  });

  it("issue notes: read again after the candidate's announcement; an edited or deleted /approve is left out", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.tokenUser = "relm-bot";
    const announce = { id: 1, body: `<!-- relm-candidate: ${candidate} -->\nrelm: the release candidate is now`, system: false, created_at: "2026-03-01T08:00:00Z", username: "relm-bot" };
    h.fake.state.issueNotes.set(12, [
      announce,
      { id: 2, body: "/approve", system: false, created_at: "2026-03-01T09:00:00Z", username: "carol" },
      { id: 3, body: "/approve", system: false, created_at: "2026-03-01T09:01:00Z", username: "dave" },
      { id: 4, body: "/approve", system: false, created_at: "2026-03-01T09:02:00Z", username: "erin" },
    ]);
    const handed = await h.forge.approvals!.approvals({ environment: "production", candidate });
    expect(handed.map((e) => e.id)).toEqual(["note:2", "note:3", "note:4"]);
    // After the approve job: dave edits his note, erin's is deleted.
    h.fake.state.issueNotes.set(12, [announce, h.fake.state.issueNotes.get(12)![1]!, { id: 3, body: "/approve", system: false, created_at: "2026-03-01T09:01:00Z", updated_at: "2026-03-01T10:00:00Z", username: "dave" }]);
    const again = await h.forge.approvals!.readAgain!(handed, { environment: "production", commit: SHA_A, candidate });
    expect(again.evidence.map((e) => [e.id, e.user, e.edited ?? false])).toEqual([["note:2", "carol", false], ["note:3", "dave", true]]);
    expect(again.left.map((l) => l.id)).toEqual(["note:4"]);
  });
});
