import { afterEach, beforeEach, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { githubCommitAuthors } from "../src/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor, commitA, commitB } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

it("reads the login GitHub linked a commit's author to; none for author: null or a commit GitHub lacks", async () => {
  fake.state.commitAuthors.set(commitA, "octocat");
  fake.state.commitAuthors.set(commitB, null);
  const authors = githubCommitAuthors(clientFor(fake));
  expect(await authors.loginOf(commitA, "octo@example.com")).toBe("octocat");
  expect(await authors.loginOf(commitB, "nobody@example.com")).toBeUndefined();
  expect(await authors.loginOf("c".repeat(40), "local@example.com")).toBeUndefined();
  const asked = fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/commits/{ref}");
  expect(asked.map((r) => [r.path.split("/").at(-1), r.query.per_page, r.status])).toEqual([
    [commitA, "1", 200],
    [commitB, "1", 200],
    ["c".repeat(40), "1", 422],
  ]);
});

it("throws a failure naming the endpoint after the client's retries, and does not wait out a rate limit", async () => {
  const authors = githubCommitAuthors(clientFor(fake));
  fake.fault("GET /repos/{owner}/{repo}/commits/{ref}", { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
  const error = (await authors.loginOf(commitA, "a@x").catch((e: unknown) => e)) as RelmError;
  expect(error.code).toBe("RELM_GITHUB_REQUEST");
  expect(error.message).toContain("GET /repos/{owner}/{repo}/commits/{ref}");
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  fake.fault("GET /repos/{owner}/{repo}/commits/{ref}", { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, body: { message: "API rate limit exceeded" } });
  const limited = (await authors.loginOf(commitA, "a@x").catch((e: unknown) => e)) as RelmError;
  expect(limited.code).toBe("RELM_GITHUB_REQUEST");
  expect(fake.requests.filter((r) => r.endpoint === "GET /repos/{owner}/{repo}/commits/{ref}").map((r) => r.status)).toEqual([500, 500, 500, 500, 403]);
});
