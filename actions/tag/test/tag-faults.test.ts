// Every call the tag action makes, answered 403 or 404 in turn (and the token's 401): the run fails
// naming the call, the status and what to do; nothing half-made is left (no Release without its
// tag); and a re-run completes the same release a clean run makes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "../../../test/support/git-fixture.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { runBundledAction } from "../../../test/support/run-bundled-action.ts";

let repo: GitFixture;
const PR_LOOKUP = "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls";
// The notes' @login credits: a decoration whose refusal leaves the git names (actions/plan's tests).
const LOGIN_LOOKUP = "GET /repos/{owner}/{repo}/commits/{ref}";

beforeAll(() => {
  repo = createGitFixture();
  repo.commit("feat: first");
  repo.tag("v1.0.0", { message: "1.0.0" });
  repo.commit("feat(api): add the export endpoint");
});
afterAll(() => repo.cleanup());

async function fresh(): Promise<FakeGitHub> {
  const fake = await startFakeGitHub();
  fake.state.commits = new Set(repo.git("rev-list", "--all").split("\n"));
  return fake;
}
const tag = (fake: FakeGitHub) =>
  runBundledAction({ action: "tag", workspace: repo.dir, api: { url: fake.url, token: fake.token, repository: "octo-org/app" }, sha: repo.head(), inputs: { "floating-tag": "true" } });

/** What a release leaves on GitHub, without the ids and times that differ between runs. */
function made(fake: FakeGitHub): unknown {
  return {
    refs: [...fake.state.refs].map(([name, ref]) => [name, ref.type, ref.type === "commit" ? ref.sha : fake.state.tagObjects.get(ref.sha)?.object.sha]).sort(),
    releases: fake.state.releases.map((r) => ({ tag: r.tag, body: r.body, draft: r.draft })),
  };
}

let clean: { endpoints: string[]; made: unknown };
beforeAll(async () => {
  const fake = await fresh();
  const run = await tag(fake);
  expect(run.code, run.stdout).toBe(0);
  // The release PR's relabelling comes after the release, best effort: its refusal is no failure (tested below).
  const bestEffort = new Set([PR_LOOKUP, LOGIN_LOOKUP]);
  clean = { endpoints: [...new Set(fake.requests.map((r) => r.endpoint))].filter((e) => !bestEffort.has(e)), made: made(fake) };
  await fake.close();
}, 60_000);

const HINTS: Record<number, RegExp> = {
  401: /the token is missing or expired/,
  403: /the token may lack the permission contents: (write|read)/,
  404: /the token may lack the permission contents: (write|read)/,
};

describe("the tag action when GitHub refuses a call", () => {
  it("calls the tag, ref and release endpoints (the list the faults below go through)", () => {
    expect(clean.endpoints).toEqual(expect.arrayContaining(["POST /repos/{owner}/{repo}/git/tags", "POST /repos/{owner}/{repo}/git/refs", "POST /repos/{owner}/{repo}/releases"]));
  });

  // 401 is the token, whichever call meets it first; 403 and 404 are per permission, so per call
  // (a GET's 404 is an answer: the thing is not there).
  const cases = (): [string, number][] => [
    [clean.endpoints[0] ?? "", 401],
    ...clean.endpoints.flatMap((e) => [403, 404].filter((s) => !(s === 404 && e.startsWith("GET"))).map((s) => [e, s] as [string, number])),
  ];
  it("a refused look-up of the release PR after the tag is no failure: the release stands", async () => {
    const fake = await fresh();
    try {
      fake.fault(PR_LOOKUP, { status: 403, body: { message: "Resource not accessible by integration" } });
      const run = await tag(fake);
      expect(run.code, run.stdout).toBe(0);
      expect(made(fake)).toEqual(clean.made);
    } finally {
      await fake.close();
    }
  }, 60_000);
  it("fails naming the call, the status and the remedy, leaves nothing half-made, and a re-run completes the release", async () => {
    const seen: string[] = [];
    for (const [endpoint, status] of cases()) {
      const fake = await fresh();
      try {
        fake.fault(endpoint, { status, body: { message: status === 401 ? "Bad credentials" : status === 403 ? "Resource not accessible by integration" : "Not Found" } });
        const failed = await tag(fake);
        const where = `${endpoint} ${status}`;
        expect(failed.code, where).not.toBe(0);
        expect(failed.stdout, where).toContain(`GitHub ${endpoint} failed with ${status}`);
        expect(failed.stdout, where).toMatch(HINTS[status] ?? /./);
        // A Release is never there without its tag.
        for (const r of fake.state.releases) expect(fake.state.refs.has(`tags/${r.tag}`), where).toBe(true);
        const again = await tag(fake);
        expect(again.code, `${where}, re-run: ${again.stdout}`).toBe(0);
        expect(made(fake), where).toEqual(clean.made);
        expect(fake.violations, where).toEqual([]);
        seen.push(where);
      } finally {
        await fake.close();
      }
    }
    expect(seen.length).toBe(cases().length);
    expect(seen.length).toBeGreaterThanOrEqual(8);
  }, 240_000);
});
