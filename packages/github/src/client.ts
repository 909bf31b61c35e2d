import { Octokit } from "@octokit/rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { RelmError } from "@relm/core";

const RelmOctokit = Octokit.plugin(retry, throttling);
export type GitHubOctokit = InstanceType<typeof RelmOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface GitHubClientOptions {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** REST API root; GHES: https://HOST/api/v3. Default https://api.github.com. */
  baseUrl?: string;
  /** Web root for links; GHES: https://HOST. Default https://github.com. */
  serverUrl?: string;
  /** Injected so tests talk to a local fake without patching globals. */
  fetch?: typeof globalThis.fetch;
  /** Attempts after the first one for 5xx answers and network failures. */
  retries?: number;
  /** Abort a request that has not answered after this long; it is then retried like a 5xx. */
  timeoutMs?: number;
  /** Multiplies every wait (retry back-off and `retry-after`); 1000 = seconds as GitHub says. */
  waitUnitMs?: number;
  /** How often a rate-limited request is tried again before relm gives up. */
  rateLimitRetries?: number;
  /**
   * GitHub asks clients to space writes (1 s, 3 s for those that notify people); on by default.
   * Off only where nothing is shared, such as a test's local fake.
   */
  paceWrites?: boolean;
  /** Where rate-limit waits are reported. */
  log?: (message: string) => void;
}

export interface GitHubClient extends RepoRef {
  octokit: GitHubOctokit;
  /** Web root for links (GITHUB_SERVER_URL). */
  serverUrl: string;
}

export function parseRepository(repository: string, where = "GITHUB_REPOSITORY"): RepoRef {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository);
  if (!match?.[1] || !match[2]) {
    throw new RelmError("RELM_GITHUB_REPOSITORY", "usage", `not a repository: ${JSON.stringify(repository)}`, {
      details: [{ where, message: "expected owner/name, e.g. octo-org/app" }],
    });
  }
  return { owner: match[1], repo: match[2] };
}

/** Wraps fetch so a request that hangs is aborted; Octokit then reports a 500 that the retry plugin retries. */
function withTimeout(base: typeof globalThis.fetch, timeoutMs: number): typeof globalThis.fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/** A stand-in for the throttling plugin's Bottleneck groups that runs each job at once. */
type ThrottleGroup = NonNullable<NonNullable<ConstructorParameters<typeof RelmOctokit>[0]>["throttle"]>["write"];
const unpaced = {
  key: () => ({ schedule: <A extends unknown[], R>(_o: unknown, fn: (...a: A) => R, ...args: A): R => fn(...args) }),
} as unknown as ThrottleGroup;

/**
 * A rate-limited request as the throttling plugin reports it. A request made with
 * `request: { waitForRateLimit: false }` (a login for the notes) fails at once instead of waiting.
 */
interface LimitedRequest {
  method: string;
  url: string;
  request?: { waitForRateLimit?: unknown; [option: string]: unknown };
}

/** The one Octokit relm uses: retries 5xx and timeouts, waits out primary and secondary rate limits. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { owner, repo } = parseRepository(options.repository);
  const retries = options.retries ?? 3;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const waitUnitMs = options.waitUnitMs ?? 1000;
  const log = options.log ?? (() => undefined);
  const baseFetch = options.fetch ?? globalThis.fetch;
  const fetch = withTimeout(baseFetch, options.timeoutMs ?? 30_000);
  const octokit = new RelmOctokit({
    auth: options.token,
    baseUrl: (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, ""),
    userAgent: "relm",
    request: { fetch },
    retry: { retries, retryAfterBaseValue: waitUnitMs },
    throttle: {
      retryAfterBaseValue: waitUnitMs,
      ...(options.paceWrites === false ? { write: unpaced, notifications: unpaced } : {}),
      onRateLimit: (retryAfter: number, opts: LimitedRequest, _o: unknown, retryCount: number) => {
        if (opts.request?.waitForRateLimit === false) return false;
        log(`GitHub rate limit reached on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < rateLimitRetries;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: LimitedRequest, _o: unknown, retryCount: number) => {
        if (opts.request?.waitForRateLimit === false) return false;
        log(`GitHub secondary rate limit on ${opts.method} ${opts.url}; retrying in ${retryAfter}s`);
        return retryCount < rateLimitRetries;
      },
    },
    log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
  });
  return { octokit, owner, repo, serverUrl: (options.serverUrl ?? "https://github.com").replace(/\/+$/, "") };
}
