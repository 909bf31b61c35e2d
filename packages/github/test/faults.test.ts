import { afterEach, beforeEach, expect, it } from "vitest";
import { isRelmError, type RelmError } from "@relm/core";
import { githubReleases, githubTags } from "../src/index.ts";
import { secondaryRateLimit, startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor, commitA } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.state.commits = new Set([commitA]);
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const release = { tag: "v2.0.0", name: "v2.0.0", notes: "notes" };

async function tagAndRelease(client = clientFor(fake)): Promise<void> {
  await githubTags(client).createTag({ name: "v2.0.0", commit: commitA, message: "m" });
  await githubReleases(client).upsertRelease(release);
}

it("retries 500 and 502 answers and ends with one tag and one release", async () => {
  fake.fault("GET /repos/{owner}/{repo}/git/ref/{ref}", { status: 500 }, { status: 502 });
  fake.fault("POST /repos/{owner}/{repo}/releases", { status: 502 });
  await tagAndRelease();
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.refs.size).toBe(1);
  const refReads = fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/git/ref/{ref}");
  expect(refReads.map((r) => r.status).slice(0, 3)).toEqual([500, 502, 404]);
});

it("waits out a secondary rate limit for as long as retry-after says, then succeeds", async () => {
  const log: string[] = [];
  fake.fault("POST /repos/{owner}/{repo}/git/tags", secondaryRateLimit(7));
  await tagAndRelease(clientFor(fake, { log: (m) => log.push(m) }));
  expect(log.some((m) => m.includes("secondary rate limit") && m.includes("retrying in 7s"))).toBe(true);
  expect(fake.requests.filter((r) => r.endpoint === "POST /repos/{owner}/{repo}/git/tags").map((r) => r.status)).toEqual([403, 201]);
  expect(fake.state.releases).toHaveLength(1);
});

it("aborts a request that never answers and retries it", async () => {
  fake.fault("GET /repos/{owner}/{repo}/releases/tags/{tag}", { hang: true });
  await tagAndRelease(clientFor(fake, { timeoutMs: 300 }));
  expect(fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/releases/tags/{tag}").map((r) => r.status)).toEqual([-1, 404]);
  expect(fake.state.releases).toHaveLength(1);
});

it("gives up after the retries with an error naming the endpoint, before any release exists", async () => {
  fake.fault("POST /repos/{owner}/{repo}/git/refs", { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
  const error = await tagAndRelease().catch((e: unknown) => e);
  expect(isRelmError(error)).toBe(true);
  expect((error as RelmError).code).toBe("RELM_GITHUB_REQUEST");
  expect((error as RelmError).message).toContain("POST /repos/{owner}/{repo}/git/refs");
  expect((error as RelmError).message).toContain("502");
  expect(fake.state.releases).toHaveLength(0);
  // The re-run completes the release.
  await tagAndRelease();
  expect(fake.state.releases).toHaveLength(1);
  expect(fake.state.refs.has("tags/v2.0.0")).toBe(true);
});

it("fails with the endpoint named when an answer has an unexpected shape", async () => {
  fake.fault("GET /repos/{owner}/{repo}/git/ref/{ref}", { status: 200, body: { ref: "refs/tags/v2.0.0", object: { sha: 42 } } });
  const error = await githubTags(clientFor(fake)).createTag({ name: "v2.0.0", commit: commitA, message: "m" }).catch((e: unknown) => e);
  expect((error as RelmError).code).toBe("RELM_GITHUB_RESPONSE");
  expect((error as RelmError).message).toContain("GET /repos/{owner}/{repo}/git/ref/{ref}");
  expect((error as RelmError).details.map((d) => d.where).join(" ")).toContain("object");
  expect(fake.state.refs.size).toBe(0);
});

it("names the missing permission when a write is refused", async () => {
  fake.readOnly = true;
  const error = await githubTags(clientFor(fake)).createTag({ name: "v2.0.0", commit: commitA, message: "m" }).catch((e: unknown) => e);
  expect((error as RelmError).code).toBe("RELM_GITHUB_REQUEST");
  expect((error as RelmError).hint).toContain("contents: write");
});

it("talks to a GitHub Enterprise Server API root under /api/v3", async () => {
  const ghes = await startFakeGitHub({ prefix: "/api/v3" });
  try {
    await githubTags(clientFor(ghes)).createTag({ name: "v1.0.0", commit: commitA, message: "m" });
    expect(ghes.state.refs.has("tags/v1.0.0")).toBe(true);
    expect(ghes.requests.every((r) => r.path.startsWith("/api/v3/"))).toBe(true);
    expect(ghes.violations).toEqual([]);
  } finally {
    await ghes.close();
  }
});
