// A fake GitHub REST API on 127.0.0.1: every request is checked against GitHub's OpenAPI description
// (a violation is recorded and answered 422, so relm cannot pass by calling GitHub wrongly), and
// every answer it gives is checked too; POST /graphql is checked against GitHub's GraphQL schema.
// Faults can be queued per endpoint.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { loadOpenApi, type MatchedOperation } from "./openapi.ts";
import { answerGraphql } from "./graphql-handler.ts";
import { handlers, type Answer } from "./handlers.ts";
import { emptyState, type FakeState } from "./state.ts";

const spec = loadOpenApi(fileURLToPath(new URL("../../fixtures/github-openapi.json", import.meta.url)));

/** A queued misbehaviour: an error answer, an answer lost after the change was made, or no answer at all. */
export type Fault = (
  | { status: number; headers?: Record<string, string>; body?: unknown; afterApplying?: boolean }
  | { hang: true }
) & {
  /** Only a request whose query parameters match takes this fault (e.g. one asset upload by `name`). */
  query?: Record<string, string | RegExp>;
};

function takeFault(queue: Fault[] | undefined, query: URLSearchParams): Fault | undefined {
  const at = queue?.findIndex((f) => Object.entries(f.query ?? {}).every(([k, want]) => {
    const got = query.get(k);
    return got !== null && (typeof want === "string" ? got === want : want.test(got));
  }));
  return queue && at !== undefined && at >= 0 ? queue.splice(at, 1)[0] : undefined;
}

export interface LoggedRequest {
  method: string;
  /** `METHOD /template`, as in the OpenAPI description. */
  endpoint: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
}

export interface FakeGitHub {
  /** The API root to give relm (GITHUB_API_URL / baseUrl). */
  url: string;
  token: string;
  state: FakeState;
  requests: LoggedRequest[];
  /** Requests and answers that broke the OpenAPI description; a test asserts it stays empty. */
  violations: string[];
  /** Queue faults for `METHOD /template`; each matching request takes the next one. */
  fault(endpoint: string, ...faults: Fault[]): void;
  /** Called after each answered request (e.g. a CAB member comments while relm polls). */
  onRequest(hook: (request: LoggedRequest, state: FakeState) => void): void;
  /** Writes answer 403 "Resource not accessible by integration", as with a read-only token. */
  readOnly: boolean;
  /** GraphQL root fields this GitHub lacks, as on an older GitHub Enterprise Server (e.g. createCommitOnBranch). */
  graphqlWithout: Set<string>;
  writes(): LoggedRequest[];
  close(): Promise<void>;
}

export const secondaryRateLimit = (retryAfterSeconds: number): Fault => ({
  status: 403,
  headers: { "retry-after": String(retryAfterSeconds) },
  body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
});

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startFakeGitHub(options: { owner?: string; repo?: string; token?: string; prefix?: string } = {}): Promise<FakeGitHub> {
  const token = options.token ?? "fake-token";
  const prefix = options.prefix ?? "";
  const state = emptyState(options.owner ?? "octo-org", options.repo ?? "app");
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  const faults = new Map<string, Fault[]>();
  const hooks: ((r: LoggedRequest, s: FakeState) => void)[] = [];
  let base = "";
  // Where Octokit sends GraphQL: beside the REST root, or /api/graphql for a GHES root /api/v3.
  const graphqlPath = /\/api\/v3$/.test(prefix) ? prefix.replace(/\/api\/v3$/, "/api/graphql") : `${prefix}/graphql`;

  function send(res: ServerResponse, answer: Answer): void {
    const headers: Record<string, string> = { "x-github-api-version-selected": "2022-11-28", ...answer.headers };
    if (answer.binary) {
      res.writeHead(answer.status, { ...headers, "content-type": "application/octet-stream" }).end(answer.binary);
    } else if (answer.body === undefined) {
      res.writeHead(answer.status, headers).end();
    } else {
      res.writeHead(answer.status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(answer.body));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const log: LoggedRequest = { method, endpoint: `${method} ${url.pathname}`, path: url.pathname, query: Object.fromEntries(url.searchParams), body: undefined, status: 0 };
    const answer = (a: Answer): void => {
      log.status = a.status;
      requests.push(log);
      send(res, a);
      for (const hook of hooks) hook(log, state);
    };
    const graphql = method === "POST" && url.pathname === graphqlPath;
    let op: MatchedOperation | undefined;
    if (graphql) {
      log.endpoint = "POST /graphql";
    } else {
      if (!url.pathname.startsWith(prefix)) {
        violations.push(`${method} ${url.pathname}: outside the API root ${prefix}`);
        return answer({ status: 404, body: { message: "Not Found" } });
      }
      op = spec.match(method, url.pathname.slice(prefix.length));
      if (!op) {
        violations.push(`${method} ${url.pathname}: no such operation in GitHub's API description`);
        return answer({ status: 404, body: { message: "Not Found" } });
      }
      log.endpoint = `${method} ${op.template}`;
    }
    const auth = String(req.headers.authorization ?? "");
    if (auth !== `token ${token}` && auth !== `bearer ${token}` && auth !== `Bearer ${token}`) {
      return answer({ status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" } });
    }
    const contentType = req.headers["content-type"];
    let body: unknown;
    if (raw.length > 0 && String(contentType).startsWith("application/json")) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        violations.push(`${log.endpoint}: body is not JSON`);
        return answer({ status: 400, body: { message: "Problems parsing JSON" } });
      }
    } else if (raw.length > 0) {
      body = raw;
    }
    log.body = Buffer.isBuffer(body) ? `<${body.length} bytes>` : body;
    if (!op) return answerGraphqlRequest(body, url.searchParams, log, answer);
    const problems = op.check(url.searchParams, contentType, body);
    if (problems.length > 0) {
      violations.push(...problems);
      return answer({ status: 422, body: { message: `Invalid request: ${problems.join("; ")}`, documentation_url: "https://docs.github.com/rest" } });
    }
    if (op.params.owner !== undefined && (op.params.owner !== state.owner || op.params.repo !== state.repo)) {
      return answer({ status: 404, body: { message: "Not Found" } });
    }
    if (method !== "GET" && fakeGitHub.readOnly) {
      return answer({ status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest" } });
    }
    const handler = handlers[log.endpoint];
    if (!handler) throw new Error(`fake GitHub has no handler for ${log.endpoint}`);
    const input = { params: op.params, query: url.searchParams, body, raw, headers: req.headers, base, path: url.pathname };
    const fault = takeFault(faults.get(log.endpoint), url.searchParams);
    if (fault && "hang" in fault) {
      log.status = -1;
      requests.push(log);
      return; // never answers; the client's timeout must fire
    }
    if (fault && !fault.afterApplying) return answer({ status: fault.status, body: fault.body ?? { message: "Server Error" }, ...(fault.headers ? { headers: fault.headers } : {}) });
    const result = handler(state, input);
    if (fault) return answer({ status: fault.status, body: fault.body ?? { message: "Bad Gateway" }, ...(fault.headers ? { headers: fault.headers } : {}) });
    if (!result.binary) violations.push(...op.checkAnswer(result.status, result.body));
    answer(result);
  }

  function answerGraphqlRequest(body: unknown, query: URLSearchParams, log: LoggedRequest, answer: (a: Answer) => void): void {
    const fault = takeFault(faults.get(log.endpoint), query);
    if (fault && "hang" in fault) {
      log.status = -1;
      requests.push(log);
      return;
    }
    if (fault && !fault.afterApplying) return answer({ status: fault.status, body: fault.body ?? { message: "Server Error" }, ...(fault.headers ? { headers: fault.headers } : {}) });
    const result = answerGraphql(state, body, { readOnly: fakeGitHub.readOnly, without: fakeGitHub.graphqlWithout });
    violations.push(...result.violations);
    if (fault) return answer({ status: fault.status, body: fault.body ?? { message: "Bad Gateway" }, ...(fault.headers ? { headers: fault.headers } : {}) });
    answer(result.answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`fake GitHub crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}${prefix}`;

  const fakeGitHub: FakeGitHub = {
    url: base,
    token,
    state,
    requests,
    violations,
    readOnly: false,
    graphqlWithout: new Set(),
    fault(endpoint, ...list) {
      faults.set(endpoint, [...(faults.get(endpoint) ?? []), ...list]);
    },
    onRequest: (hook) => void hooks.push(hook),
    writes: () => requests.filter((r) => r.method !== "GET" && r.status < 400),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fakeGitHub;
}
