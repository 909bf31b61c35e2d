/**
 * The one place relm talks HTTP to GitLab: retries (5xx, 429 with Retry-After, timeouts and
 * dropped connections) and an injectable `fetch`, so tests point it at a local fake server
 * without touching globals. Gitbeaker's own requester calls the global fetch, hence this layer.
 */

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number;
  /** First back-off; doubled on each retry. */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails and says when to retry. */
  maxRetryAfterMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxRetryAfterMs: 60_000, timeoutMs: 30_000 };

export interface HttpOptions {
  fetch?: FetchLike;
  retry?: Partial<RetryPolicy>;
  /** Waits between attempts; injected so tests can record the delays instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A body too big to hold in memory: `open` is called afresh for each attempt (a stream can be sent
 * only once), and `length` is sent as content-length, so the upload is not chunked.
 */
export interface StreamedBody {
  length: number;
  open(): AsyncIterable<Uint8Array>;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData | StreamedBody;
  /** Answer a 2xx with its body unread, as a stream (downloads of any size). */
  streamResponse?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A request GitLab refused, or that kept failing after the retries. */
export class GitlabHttpError extends Error {
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;
  constructor(init: { status?: number; method: string; path: string; message: string; retryAfterMs?: number; attempts: number; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "GitlabHttpError";
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts;
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After is either seconds or an HTTP date; GitLab sends seconds. */
export function retryAfterMs(value: string | null, now: () => number = Date.now): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
  if (type !== "" && !type.startsWith("text/") && !type.includes("json")) return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (type === "application/json" || type.endsWith("+json")) {
    if (text === "") return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function messageOf(body: unknown): string {
  if (body && typeof body === "object") {
    const o = body as Record<string, unknown>;
    const m = o.message ?? o.error;
    if (typeof m === "string") return m;
    if (m !== undefined) return JSON.stringify(m);
  }
  return typeof body === "string" ? body.slice(0, 300) : "";
}

export type Send = (request: HttpRequest) => Promise<HttpResponse>;

function isStreamed(body: HttpRequest["body"]): body is StreamedBody {
  return typeof body === "object" && !(body instanceof Uint8Array) && !(body instanceof FormData);
}

/**
 * A timeout that runs while nothing moves: a 2 GiB upload may take minutes, but no chunk for
 * `ms` means the connection is stuck. `kick` on every chunk; `stop` once the body is done.
 */
function idleTimeout(ms: number): { signal: AbortSignal; kick(): void; stop(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const kick = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`no progress within ${ms} ms`, "TimeoutError")), ms);
    timer.unref();
  };
  kick();
  return { signal: controller.signal, kick, stop: () => clearTimeout(timer) };
}

/** The chunks of `source`, kicking the idle timeout as each goes by. */
async function* watched(source: AsyncIterable<Uint8Array>, kick: () => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    kick();
    yield chunk;
  }
}

/** A 2xx answer's body as a stream that keeps the idle timeout alive while it is read, and stops it at the end. */
function streamedAnswer(response: Response, idle: { kick(): void; stop(): void }): ReadableStream<Uint8Array> {
  const body = response.body;
  if (!body) {
    idle.stop();
    return new ReadableStream({ start: (c) => c.close() });
  }
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          idle.stop();
          controller.close();
          return;
        }
        idle.kick();
        controller.enqueue(value);
      } catch (error) {
        idle.stop();
        controller.error(error);
      }
    },
    async cancel(reason) {
      idle.stop();
      await reader.cancel(reason);
    },
  });
}

/** Sends with retries; resolves with a 2xx answer or rejects with a GitlabHttpError. */
export function createSender(options: HttpOptions = {}): Send {
  const policy = { ...defaultRetryPolicy, ...options.retry };
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  return async (request) => {
    const path = request.url.pathname.replace(/^.*\/api\/v4/, "");
    let lastError: GitlabHttpError | undefined;
    for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
      let response: Response;
      const streamed = isStreamed(request.body) ? request.body : undefined;
      // Streams run as long as bytes move; everything else has the per-attempt timeout.
      const idle = streamed || request.streamResponse ? idleTimeout(policy.timeoutMs) : undefined;
      try {
        const body = streamed ? ReadableStream.from(watched(streamed.open(), () => idle?.kick())) : (request.body as Exclude<HttpRequest["body"], StreamedBody>);
        response = await fetchFn(request.url, {
          method: request.method,
          headers: streamed ? { ...request.headers, "content-length": String(streamed.length) } : request.headers,
          ...(body === undefined ? {} : { body }),
          // A followed redirect must replay the body, so undici would keep every chunk of a streamed
          // one in memory; GitLab does not redirect uploads, and refusing keeps memory constant.
          ...(streamed ? { duplex: "half", redirect: "error" } : {}),
          signal: idle?.signal ?? AbortSignal.timeout(policy.timeoutMs),
        } as RequestInit);
      } catch (error) {
        idle?.stop();
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        lastError = new GitlabHttpError({
          method: request.method,
          path,
          attempts: attempt,
          message: timedOut ? `no answer within ${policy.timeoutMs} ms` : `connection failed: ${error instanceof Error ? error.message : String(error)}`,
          cause: error,
        });
        if (attempt < policy.attempts) await sleep(policy.baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const headers = Object.fromEntries(response.headers.entries());
      if (response.ok && request.streamResponse && idle) return { status: response.status, headers, body: streamedAnswer(response, idle) };
      const body = await readBody(response).finally(() => idle?.stop());
      if (response.ok) return { status: response.status, headers, body };
      const retryable = response.status === 429 || response.status >= 500;
      const wait = retryAfterMs(response.headers.get("retry-after"));
      lastError = new GitlabHttpError({
        status: response.status,
        method: request.method,
        path,
        attempts: attempt,
        message: messageOf(body) || response.statusText || `status ${response.status}`,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      });
      if (!retryable) throw lastError;
      if (wait !== undefined && wait > policy.maxRetryAfterMs) throw lastError;
      if (attempt < policy.attempts) await sleep(wait ?? policy.baseDelayMs * 2 ** (attempt - 1));
    }
    throw lastError ?? new GitlabHttpError({ method: request.method, path, attempts: 0, message: "no attempt made" });
  };
}
