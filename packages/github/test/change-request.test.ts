import { afterEach, beforeEach, expect, it } from "vitest";
import { cabRuleSchema } from "@relm/core";
import { changeRequestApprovals, changeRequestJudge, changeRequestLabel, githubMembers } from "../src/index.ts";
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
function script(comments: { user: string; body: string; edited?: boolean }[]): void {
  let n = 0;
  fake.onRequest((request, state) => {
    if (request.endpoint !== "GET /repos/{owner}/{repo}/issues/{issue_number}/comments") return;
    const next = comments[n++];
    const at = new Date(clock).toISOString();
    if (next) state.issues.at(-1)?.comments.push({ id: 9000 + n, user: next.user, body: next.body, createdAt: at, ...(next.edited ? { updatedAt: new Date(clock + 5000).toISOString() } : {}) });
  });
}

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

let clock = 0;
function desk(timeout = "1h") {
  const client = clientFor(fake);
  // A second ahead of the wall clock: the fake stamps the issue in whole seconds, never after this.
  clock = Date.now() + 1000;
  const sleeps: number[] = [];
  const rule = cabRuleSchema.parse({ quorum: 2, users: ["bob"], groups: ["octo-org/cab"], timeout, maxAge: "1d" });
  const reader = changeRequestApprovals(client, {
    title: "relm: release v2.0.0 to production",
    identity: "release v2.0.0 to production",
    body: "## Plan\nv2.0.0, risk **high**",
    judge: changeRequestJudge({
      environment: "production",
      rule,
      commits: [{ authorName: "Alice", authorEmail: "alice@example.invalid", authorLogin: "alice" }],
      members: githubMembers(client),
      clock: { now: () => new Date(clock) },
    }),
    pollIntervalMs: 60_000,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  return { reader, sleeps };
}

it("opens an issue, counts CAB approvals until quorum and closes it as approved", async () => {
  script([
    { user: "mallory", body: "/approve" }, // not in the CAB
    { user: "alice", body: "/approve" }, // CAB, but an author of the release
    { user: "carol", body: "/approve ship it" },
    { user: "carol", body: "I would /approve this twice" }, // talk, not a command
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
  expect(sleeps).toHaveLength(5);
  const issue = fake.state.issues[0];
  expect(issue?.labels).toEqual([changeRequestLabel]);
  expect(issue?.body).toContain("risk **high**");
  expect(issue?.state).toBe("closed");
  expect(issue?.stateReason).toBe("completed");
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

it("gives up at the timeout; a re-run continues on the issue an interrupted run left open", async () => {
  script([{ user: "carol", body: "/approve" }]);
  const first = desk("2m");
  await first.reader.approvals({ environment: "production" });
  expect(first.reader.outcome()?.result).toBe("timed-out");
  expect(first.sleeps).toEqual([60_000, 60_000]);
  expect(fake.state.issues[0]?.state).toBe("closed");

  fake.state.issues[0]!.state = "open";
  script([{ user: "dave", body: "/approve" }]);
  const second = desk("1d");
  await second.reader.approvals({ environment: "production" });
  expect(fake.state.issues).toHaveLength(1);
  expect(second.reader.outcome()?.result).toBe("approved");
});

it("does not count an edited /approve, and marks each piece of evidence with its comment id and candidate", async () => {
  script([{ user: "carol", body: "/approve", edited: true }, { user: "dave", body: "/approve" }, { user: "bob", body: "/approve" }]);
  const { reader } = desk();
  const evidence = await reader.approvals({ environment: "production", candidate: A });
  expect(evidence.map((e) => [e.user, e.edited === true, e.candidate, e.id?.startsWith("comment:")])).toEqual([
    ["carol", true, A, true],
    ["dave", false, A, true],
    ["bob", false, A, true],
  ]);
  expect(reader.outcome()?.result).toBe("approved");
  expect(fake.state.issues[0]?.body).toContain(`<!-- relm-candidate: ${A} -->`);
});

it("finds its issue by the hidden marker and its own bot, not by a title anyone can type", async () => {
  // Someone opened an issue with relm's title and label: not relm's, so not counted.
  fake.state.issues.push({ number: 1, title: "relm: release v2.0.0 to production", body: "please approve", labels: [changeRequestLabel], state: "open", stateReason: null, comments: [{ id: 1, user: "carol", body: "/approve", createdAt: new Date().toISOString() }, { id: 2, user: "dave", body: "/approve", createdAt: new Date().toISOString() }] });
  script([{ user: "carol", body: "/approve" }, { user: "dave", body: "/approve" }]);
  const { reader } = desk();
  await reader.approvals({ environment: "production", candidate: A });
  expect(fake.state.issues).toHaveLength(2);
  expect(reader.outcome()?.issue.number).toBe(2);
});

it("a new candidate on the open issue makes the earlier approvals stop counting", async () => {
  script([{ user: "carol", body: "/approve" }]);
  const first = desk("2m");
  await first.reader.approvals({ environment: "production", candidate: A });
  expect(first.reader.outcome()?.result).toBe("timed-out");
  fake.state.issues[0]!.state = "open";
  // carol approved candidate A; the release is now candidate B: relm says so, and only later words count.
  script([{ user: "erin", body: "what changed?" }, { user: "dave", body: "/approve" }, { user: "bob", body: "/approve" }]);
  const second = desk("1d");
  const evidence = await second.reader.approvals({ environment: "production", candidate: B });
  expect(evidence.map((e) => e.user)).toEqual(["dave", "bob"]);
  expect(evidence.every((e) => e.candidate === B)).toBe(true);
  const announced = fake.state.issues[0]?.comments.filter((c) => c.user === "github-actions[bot]" && c.body.includes(B));
  expect(announced).toHaveLength(1);
});
