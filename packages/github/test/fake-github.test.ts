import { afterEach, beforeEach, expect, it } from "vitest";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor } from "./support.ts";

// The fake is only worth something if it refuses what GitHub would refuse.
let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(() => fake.close());

it("records and refuses a body that breaks GitHub's API description", async () => {
  const { octokit } = clientFor(fake);
  // Typed routes would refuse this at compile time; a plain route string does not.
  const route: string = "POST /repos/{owner}/{repo}/git/refs";
  const error = await octokit.request(route, { owner: "octo-org", repo: "app", ref: "refs/tags/x" }).catch((e: unknown) => e);
  expect((error as { status: number }).status).toBe(422);
  expect(fake.violations.join("\n")).toContain("must have required property 'sha'");
});

it("records an undeclared query parameter and an endpoint GitHub does not have", async () => {
  const { octokit } = clientFor(fake);
  await octokit.request("GET /repos/{owner}/{repo}/releases", { owner: "octo-org", repo: "app", colour: "blue" }).catch(() => undefined);
  await octokit.request("GET /repos/{owner}/{repo}/no-such-thing", { owner: "octo-org", repo: "app" }).catch(() => undefined);
  expect(fake.violations).toEqual([
    "GET /repos/{owner}/{repo}/releases: undeclared query parameter colour",
    "GET /repos/octo-org/app/no-such-thing: no such operation in GitHub's API description",
  ]);
});

it("refuses requests without the token", async () => {
  const response = await fetch(`${fake.url}/repos/octo-org/app/releases`);
  expect(response.status).toBe(401);
});

it("pages lists as GitHub does (per_page, page, Link rel=next), so a client that ignores paging misses items", async () => {
  for (let n = 0; n < 35; n++) fake.state.releases.push({ id: n + 1, tag: `v0.${n}.0`, name: null, body: null, draft: true, prerelease: false, makeLatest: undefined, target: "main", createdAt: "2026-01-01T00:00:00Z", assets: [] });
  const { octokit } = clientFor(fake);
  const first = await octokit.rest.repos.listReleases({ owner: "octo-org", repo: "app" });
  expect(first.data).toHaveLength(30);
  expect(first.headers.link).toMatch(/[?&]page=2>; rel="next"$/);
  const all = await octokit.paginate(octokit.rest.repos.listReleases, { owner: "octo-org", repo: "app", per_page: 10 });
  expect(all.map((r) => r.tag_name)).toHaveLength(35);
  expect(new Set(all.map((r) => r.id)).size).toBe(35);
  expect(fake.violations).toEqual([]);
});
