import { afterEach, beforeEach, expect, it } from "vitest";
import { changeRequestApprovals, changeRequestLabel, githubMembers, parseCommand } from "../src/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.state.teams.set("octo-org/cab", new Set(["carol", "dave", "alice"]));
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

/** Each poll of the comments lets the next scripted comment appear, as if people answered meanwhile. */
function script(comments: { user: string; body: string }[]): void {
  let n = 0;
  fake.onRequest((request, state) => {
    if (request.endpoint !== "GET /repos/{owner}/{repo}/issues/{issue_number}/comments") return;
    const next = comments[n++];
    if (next) state.issues[0]?.comments.push({ id: 9000 + n, user: next.user, body: next.body, createdAt: `2026-03-01T12:0${n}:00Z` });
  });
}

function desk(overrides: { quorum?: number; timeoutMs?: number } = {}) {
  const client = clientFor(fake);
  let clock = Date.parse("2026-03-01T12:00:00Z");
  const sleeps: number[] = [];
  const reader = changeRequestApprovals(client, {
    title: "relm: release v2.0.0 to production",
    body: "## Plan\nv2.0.0, risk **high**",
    quorum: overrides.quorum ?? 2,
    cab: { users: ["bob"], groups: ["octo-org/cab"] },
    members: githubMembers(client),
    exclude: ["alice"],
    pollIntervalMs: 60_000,
    timeoutMs: overrides.timeoutMs ?? 3_600_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => new Date(clock),
  });
  return { reader, sleeps };
}

it("parses /approve and /reject on the first line only", () => {
  expect(parseCommand("/approve looks good")).toEqual({ decision: "approved", comment: "looks good" });
  expect(parseCommand("  /REJECT\nbecause")).toEqual({ decision: "rejected", comment: "" });
  expect(parseCommand("I would /approve this")).toBeUndefined();
  expect(parseCommand("/approved")).toBeUndefined();
});

it("opens an issue, counts CAB approvals until quorum and closes it as approved", async () => {
  script([
    { user: "mallory", body: "/approve" }, // not in the CAB
    { user: "alice", body: "/approve" }, // CAB, but an author of the release
    { user: "carol", body: "/approve ship it" },
    { user: "bob", body: "/approve" },
  ]);
  const { reader, sleeps } = desk();
  const evidence = await reader.approvals({ environment: "production" });
  expect(evidence.map((e) => [e.user, e.decision, e.source])).toEqual([
    ["mallory", "approved", "comment"],
    ["alice", "approved", "comment"],
    ["carol", "approved", "comment"],
    ["bob", "approved", "comment"],
  ]);
  expect(evidence[2]?.comment).toBe("ship it");
  // The first poll sees no comment yet; each later one sees one more.
  expect(sleeps).toEqual([60_000, 60_000, 60_000, 60_000]);
  const issue = fake.state.issues[0];
  expect(issue?.labels).toEqual([changeRequestLabel]);
  expect(issue?.body).toContain("risk **high**");
  expect(issue?.state).toBe("closed");
  expect(issue?.stateReason).toBe("completed");
  expect(issue?.comments.at(-1)?.body).toBe("relm: Approved by @carol, @bob.");
  expect(reader.outcome()?.result).toBe("approved");
});

it("stops at the first CAB rejection and closes the issue as not planned", async () => {
  script([{ user: "carol", body: "/approve" }, { user: "dave", body: "/reject risk too high" }]);
  const { reader } = desk();
  const evidence = await reader.approvals({ environment: "production" });
  expect(evidence.at(-1)).toMatchObject({ user: "dave", decision: "rejected", comment: "risk too high" });
  expect(reader.outcome()?.result).toBe("rejected");
  expect(fake.state.issues[0]?.stateReason).toBe("not_planned");
});

it("gives up at the timeout and a re-run continues on the same open issue", async () => {
  script([{ user: "carol", body: "/approve" }]);
  const first = desk({ timeoutMs: 120_000 });
  await first.reader.approvals({ environment: "production" });
  expect(first.reader.outcome()?.result).toBe("timed-out");
  expect(first.sleeps).toEqual([60_000, 60_000]);
  expect(fake.state.issues[0]?.state).toBe("closed");

  // An interrupted run leaves the issue open; the next run finds it by title instead of opening another.
  fake.state.issues[0]!.state = "open";
  script([{ user: "dave", body: "/approve" }]);
  const second = desk();
  await second.reader.approvals({ environment: "production" });
  expect(fake.state.issues).toHaveLength(1);
  expect(second.reader.outcome()?.result).toBe("approved");
});
