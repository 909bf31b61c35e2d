import { startFakeGitlab, type FakeGitlab } from "../../../test/support/fake-gitlab/index.ts";
import { gitlabForge, type GitlabSettings } from "../src/index.ts";

export interface Harness {
  fake: FakeGitlab;
  forge: ReturnType<typeof gitlabForge>;
  sleeps: number[];
  fetches: number;
  settings: GitlabSettings;
}

/** A fake GitLab on a random port and the adapters pointed at it through an injected fetch. */
export async function harness(over: Partial<GitlabSettings> = {}, retry: { timeoutMs?: number; attempts?: number } = {}): Promise<Harness> {
  const fake = await startFakeGitlab();
  const h = { fake, sleeps: [] as number[], fetches: 0 } as Harness;
  h.settings = {
    host: fake.url,
    project: "acme/app",
    auth: { kind: "token", value: "glpat-fake-token" },
    approval: { mode: "auto" },
    ...over,
  };
  h.forge = gitlabForge(h.settings, {
    fetch: (input, init) => {
      h.fetches += 1;
      return fetch(input, init);
    },
    sleep: async (ms) => void h.sleeps.push(ms),
    retry: { attempts: retry.attempts ?? 4, baseDelayMs: 100, timeoutMs: retry.timeoutMs ?? 5_000, maxRetryAfterMs: 60_000 },
  });
  return h;
}

export const SHA_A = "a".repeat(40);
export const SHA_B = "b".repeat(40);

/** A stream of the given texts, one chunk each: what an artifact's open() gives. */
export async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}
