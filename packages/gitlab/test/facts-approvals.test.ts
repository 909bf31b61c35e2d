import { afterEach, describe, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { harness, SHA_A, SHA_B, type Harness } from "./support.ts";

let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.fake.close();
});

describe("gate facts", () => {
  it("reads the newest other pipeline and the newest status per name of the release commit", async () => {
    h = await harness({ pipelineId: 30 });
    h.fake.state.pipelines.push({ id: 10, sha: SHA_A, ref: "main", status: "failed" }, { id: 20, sha: SHA_A, ref: "main", status: "success" }, { id: 30, sha: SHA_A, ref: "main", status: "running" });
    h.fake.state.statuses.push(
      { id: 1, sha: SHA_A, name: "test", status: "failed" },
      { id: 2, sha: SHA_A, name: "test", status: "success" },
      { id: 3, sha: SHA_A, name: "lint", status: "failed", allow_failure: true },
      { id: 4, sha: SHA_A, name: "deploy", status: "manual" },
      { id: 5, sha: SHA_B, name: "other", status: "failed" },
    );
    const checks = await h.forge.checks!.checks(SHA_A);
    expect(checks.map((c) => [c.name, c.conclusion, c.source])).toEqual([
      ["pipeline #20", "success", "pipeline"],
      ["deploy", "neutral", "status"],
      ["lint", "neutral", "status"],
      ["test", "success", "status"],
    ]);
    expect(h.fake.requests.find((r) => r.route === "list-pipelines")?.args).toMatchObject({ sha: SHA_A, order_by: "id", sort: "desc" });
  });

  it("lists deployments to one environment newest first, with the version of tag deployments", async () => {
    h = await harness();
    h.fake.state.deployments.push(
      { id: 1, iid: 1, environment: "staging", sha: SHA_A, ref: "v1.0.0", tag: true, status: "success", created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:05:00Z", finished_at: "2026-03-01T10:05:00Z" },
      { id: 2, iid: 2, environment: "production", sha: SHA_A, ref: "v1.0.0", tag: true, status: "failed", created_at: "2026-03-02T10:00:00Z", updated_at: "2026-03-02T10:01:00Z" },
      { id: 3, iid: 3, environment: "staging", sha: SHA_B, ref: "main", tag: false, status: "running", created_at: "2026-03-03T10:00:00Z", updated_at: "2026-03-03T10:00:30Z" },
    );
    const list = await h.forge.deployments!.deployments("staging");
    expect(list).toEqual([
      { environment: "staging", commit: SHA_B, ref: "main", state: "in_progress", at: "2026-03-03T10:00:30Z" },
      { environment: "staging", commit: SHA_A, ref: "v1.0.0", version: "1.0.0", state: "success", at: "2026-03-01T10:05:00Z" },
    ]);
  });

  it("follows GitLab's pagination (Link: rel=next)", async () => {
    h = await harness();
    for (let i = 1; i <= 130; i += 1) h.fake.state.freezePeriods.push({ id: i, freeze_start: "0 23 * * 5", freeze_end: "0 7 * * 1", cron_timezone: "UTC" });
    const freezes = await h.forge.freezes!.freezes();
    expect(freezes).toHaveLength(130);
    expect(freezes[129]?.source).toBe("gitlab freeze period #130");
    expect(h.fake.requests.filter((r) => r.route === "list-freeze-periods").map((r) => r.args.page ?? "1")).toEqual(["1", "2"]);
  });

  it("reads GitLab's deploy freeze periods", async () => {
    h = await harness();
    h.fake.state.freezePeriods.push({ id: 7, freeze_start: "0 23 * * 5", freeze_end: "0 7 * * 1", cron_timezone: "Europe/Berlin" });
    expect(await h.forge.freezes!.freezes()).toEqual([{ start: "0 23 * * 5", end: "0 7 * * 1", timeZone: "Europe/Berlin", source: "gitlab freeze period #7" }]);
  });
});

describe("approvals", () => {
  const deployment = {
    id: 9, iid: 9, environment: "production", sha: SHA_A, ref: "v1.0.0", tag: true, status: "blocked", pipelineId: 77,
    created_at: "2026-03-01T10:00:00Z", updated_at: "2026-03-01T10:00:00Z",
  };

  it("deployment mode: the approvals of this pipeline's deployment to the environment", async () => {
    h = await harness({ approval: { mode: "deployment", pipelineId: 77 } });
    h.fake.state.users.set("carol", 3).set("dave", 4);
    h.fake.state.deployments.push(
      { ...deployment, id: 8, iid: 8, pipelineId: 70, approvals: [{ username: "mallory", status: "approved", created_at: "2026-02-01T00:00:00Z" }] },
      { ...deployment, approvals: [{ username: "carol", status: "approved", created_at: "2026-03-01T11:00:00Z", comment: "ok" }, { username: "dave", status: "rejected", created_at: "2026-03-01T11:05:00Z" }] },
    );
    const evidence = await h.forge.approvals!.approvals({ environment: "production" });
    expect(evidence.map((e) => [e.user, e.decision, e.source, e.comment])).toEqual([
      ["carol", "approved", "deployment", "ok"],
      ["dave", "rejected", "deployment", undefined],
    ]);
    expect(h.fake.requests.filter((r) => r.route === "show-deployment").map((r) => r.path)).toEqual(["/projects/acme%2Fapp/deployments/9"]);
  });

  it("deployment mode without a deployment says what to do", async () => {
    h = await harness({ approval: { mode: "deployment", pipelineId: 77 } });
    const error = (await h.forge.approvals!.approvals({ environment: "production" }).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_NO_DEPLOYMENT");
    expect(error.hint).toContain("deployment_id");
  });

  it("manual-job mode: the user the job API says played the job", async () => {
    h = await harness({ approval: { mode: "manual-job", jobId: 501, fallbackUser: "spoofed" } });
    h.fake.state.users.set("carol", 3);
    h.fake.state.jobs.set(501, { id: 501, name: "approve", status: "running", username: "carol", started_at: "2026-03-01T12:00:00Z" });
    expect(await h.forge.approvals!.approvals({ environment: "production" })).toEqual([
      { user: "carol", decision: "approved", at: "2026-03-01T12:00:00Z", source: "manual-job", id: "job:501", url: "https://gitlab.invalid/acme/app/-/jobs/501" },
    ]);
  });

  it("auto mode without deployment approvals falls back to the manual job; GITLAB_USER_LOGIN when the job token may not read jobs", async () => {
    h = await harness({ auth: { kind: "job-token", value: "job-token-fake" }, approval: { mode: "auto", jobId: 501, pipelineId: 77, fallbackUser: "carol", fallbackAt: "2026-03-01T12:00:00Z" } });
    h.fake.state.deployments.push({ ...deployment });
    const evidence = await h.forge.approvals!.approvals({ environment: "production" });
    expect(evidence).toEqual([{ user: "carol", decision: "approved", at: "2026-03-01T12:00:00Z", source: "manual-job" }]);
    expect(h.fake.requests.map((r) => `${r.route} ${r.status}`)).toEqual(["list-deployments 200", "show-deployment 200", "show-job 403"]);
  });

  it("change-request mode: /approve and /reject notes on the issue, system notes and chatter ignored", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12, webUrl: "https://gitlab.invalid/acme/app" } });
    h.fake.state.issueNotes.set(12, [
      { id: 1, body: "/approve", system: false, created_at: "2026-03-01T09:00:00Z", username: "carol" },
      { id: 2, body: "I will /approve later", system: false, created_at: "2026-03-01T09:01:00Z", username: "dave" },
      { id: 3, body: "/approve", system: true, created_at: "2026-03-01T09:02:00Z", username: "ghost" },
      { id: 4, body: "/reject too risky\nmore text", system: false, created_at: "2026-03-01T09:03:00Z", username: "erin" },
      { id: 5, body: "  /approve looks good", system: false, created_at: "2026-03-01T09:04:00Z", username: "frank" },
    ]);
    const evidence = await h.forge.approvals!.approvals({ environment: "production" });
    expect(evidence.map((e) => [e.user, e.decision, e.comment ?? null, e.source])).toEqual([
      ["carol", "approved", null, "comment"],
      ["erin", "rejected", "too risky", "comment"],
      ["frank", "approved", "looks good", "comment"],
    ]);
    expect(evidence[0]?.url).toBe("https://gitlab.invalid/acme/app/-/issues/12#note_1");
  });

  it("change-request mode reads commands as on GitHub: the first line only, `/approved` and `/reject:` are talk", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.issueNotes.set(12, [
      { id: 1, body: "/approved", system: false, created_at: "2026-03-01T09:00:00Z", username: "carol" },
      { id: 2, body: "/reject: no", system: false, created_at: "2026-03-01T09:01:00Z", username: "dave" },
      { id: 3, body: "> /approve\nquoted", system: false, created_at: "2026-03-01T09:02:00Z", username: "erin" },
    ]);
    expect(await h.forge.approvals!.approvals({ environment: "production" })).toEqual([]);
  });

  const CANDIDATE = `sha256:${"a".repeat(64)}`;
  const NEXT = `sha256:${"b".repeat(64)}`;
  const marker = (digest: string) => `<!-- relm-candidate: ${digest} -->\nrelm: the release candidate is now ...`;

  it("with a candidate: relm announces it on the issue, and nothing counts until notes come after that", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.issueNotes.set(12, [{ id: 1, body: "/approve", system: false, created_at: "2026-03-01T09:00:00Z", username: "carol" }]);
    expect(await h.forge.approvals!.approvals({ environment: "production", candidate: CANDIDATE })).toEqual([]);
    const notes = h.fake.state.issueNotes.get(12) ?? [];
    expect(notes.at(-1)).toMatchObject({ username: "relm-bot" });
    expect(notes.at(-1)?.body).toContain(`<!-- relm-candidate: ${CANDIDATE} -->`);
    // Carol approves the announced candidate: that one counts, bound to it, by its note id.
    notes.push({ id: 2000, body: "/approve", system: false, created_at: "2026-03-01T10:00:00Z", username: "carol" });
    const evidence = await h.forge.approvals!.approvals({ environment: "production", candidate: CANDIDATE });
    expect(evidence).toEqual([expect.objectContaining({ user: "carol", decision: "approved", id: "note:2000", candidate: CANDIDATE })]);
    expect(h.fake.requests.filter((r) => r.route === "create-issue-note")).toHaveLength(1);
  });

  it("a new candidate is announced again, so approvals of the earlier one stop counting", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.issueNotes.set(12, [
      { id: 1, body: marker(CANDIDATE), system: false, created_at: "2026-03-01T09:00:00Z", username: "relm-bot" },
      { id: 2, body: "/approve", system: false, created_at: "2026-03-01T09:05:00Z", username: "carol" },
    ]);
    expect(await h.forge.approvals!.approvals({ environment: "production", candidate: NEXT })).toEqual([]);
    expect(h.fake.state.issueNotes.get(12)?.at(-1)?.body).toContain(NEXT);
  });

  it("a candidate marker written by anyone but relm's own user is talk, not an announcement", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.issueNotes.set(12, [
      { id: 1, body: marker(CANDIDATE), system: false, created_at: "2026-03-01T09:00:00Z", username: "mallory" },
      { id: 2, body: "/approve", system: false, created_at: "2026-03-01T09:05:00Z", username: "carol" },
    ]);
    expect(await h.forge.approvals!.approvals({ environment: "production", candidate: CANDIDATE })).toEqual([]);
    expect(h.fake.requests.filter((r) => r.route === "create-issue-note")).toHaveLength(1);
  });

  it("an edited /approve note is marked edited, which the judge never counts", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.issueNotes.set(12, [
      { id: 1, body: marker(CANDIDATE), system: false, created_at: "2026-03-01T09:00:00Z", username: "relm-bot" },
      { id: 2, body: "/approve", system: false, created_at: "2026-03-01T09:05:00Z", updated_at: "2026-03-01T11:00:00Z", username: "carol" },
      { id: 3, body: "/approve", system: false, created_at: "2026-03-01T09:06:00Z", username: "dave" },
    ]);
    const evidence = await h.forge.approvals!.approvals({ environment: "production", candidate: CANDIDATE });
    expect(evidence.map((e) => [e.user, e.edited ?? false])).toEqual([["carol", true], ["dave", false]]);
  });

  it("a token GitLab will not say the user of cannot bind a candidate: a clear error naming GITLAB_TOKEN, no note written", async () => {
    h = await harness({ approval: { mode: "change-request", issueIid: 12 } });
    h.fake.state.tokenUser = "";
    h.fake.state.issueNotes.set(12, [{ id: 1, body: "/approve", system: false, created_at: "2026-03-01T09:00:00Z", username: "carol" }]);
    const error = (await h.forge.approvals!.approvals({ environment: "production", candidate: CANDIDATE }).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_CHANGE_REQUEST_TOKEN");
    expect(error.hint).toContain("GITLAB_TOKEN");
    expect(h.fake.requests.filter((r) => r.route === "create-issue-note")).toEqual([]);
  });
});

describe("group membership", () => {
  it("counts inherited members from Reporter up, resolving the username first", async () => {
    h = await harness();
    h.fake.state.users.set("carol", 3).set("guest", 5).set("outsider", 6);
    h.fake.state.groupMembers.set("acme/cab", new Map([[3, 30], [5, 10]]));
    expect(await h.forge.members!.isMember("carol", "acme/cab")).toBe(true);
    expect(await h.forge.members!.isMember("guest", "acme/cab")).toBe(false);
    expect(await h.forge.members!.isMember("outsider", "acme/cab")).toBe(false);
    expect(await h.forge.members!.isMember("nobody", "acme/cab")).toBe(false);
    expect(h.fake.requests.filter((r) => r.route === "show-group-member-all").map((r) => r.path)).toEqual([
      "/groups/acme%2Fcab/members/all/3",
      "/groups/acme%2Fcab/members/all/5",
      "/groups/acme%2Fcab/members/all/6",
    ]);
  });
});
