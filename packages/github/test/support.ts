import { createGitHubClient, type GitHubClient } from "../src/index.ts";
import type { FakeGitHub } from "../../../test/support/fake-github/index.ts";

export const commitA = "a".repeat(40);
export const commitB = "b".repeat(40);

/** A client on the fake with waits shrunk to milliseconds (retry-after 1 = 10 ms). */
export function clientFor(fake: FakeGitHub, extra: { timeoutMs?: number; log?: (m: string) => void } = {}): GitHubClient {
  return createGitHubClient({
    token: fake.token,
    repository: `${fake.state.owner}/${fake.state.repo}`,
    baseUrl: fake.url,
    fetch: globalThis.fetch,
    waitUnitMs: 10,
    paceWrites: false,
    ...extra,
  });
}
