import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { handlers } from "./handlers.ts";
import { matchRoute, paramProblems } from "./routes.ts";
import { emptyState, type FakeGitlabState, type FakeSpooledFile } from "./state.ts";

export interface Fault {
  /** Route id from routes.ts. */
  route: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many requests it hits (default 1). */
  times?: number;
  /** Answer only after this long (longer than the client's timeout makes a timeout). */
  delayMs?: number;
  /** Run the real handler first and then answer with the fault: a change that landed but whose answer was lost. */
  afterHandler?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  route?: string;
  args: Record<string, unknown>;
  auth: "private-token" | "job-token" | "none";
  status: number;
  /** The request's content-length header, absent for a chunked body. */
  contentLength?: string;
}

export interface FakeGitlab {
  url: string;
  apiUrl: string;
  state: FakeGitlabState;
  requests: LoggedRequest[];
  /** Requests that did not match the documented API (unknown route or parameter): a test expects none. */
  violations: string[];
  fault(fault: Fault): void;
  close(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Uploads up to this size are kept in memory; larger ones go to disk, so the fake holds no big file. */
const KEEP_IN_MEMORY = 1024 * 1024;
let spooledUploads = 0;

/**
 * A generic package upload, hashed as it arrives: small ones whole, large ones written to a file in
 * `dir()`. Undefined when the client went away mid-body (a killed publisher): nothing is stored.
 */
async function receiveUpload(req: IncomingMessage, dir: () => Promise<string>): Promise<{ raw: Buffer; spooled?: FakeSpooledFile } | undefined> {
  const hash = createHash("sha256");
  const kept: Buffer[] = [];
  let size = 0;
  let path: string | undefined;
  let out: Awaited<ReturnType<typeof open>> | undefined;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      if (!out && size <= KEEP_IN_MEMORY) {
        kept.push(chunk);
        continue;
      }
      if (!out) {
        path = join(await dir(), `upload-${(spooledUploads += 1)}`);
        out = await open(path, "w");
        for (const k of kept.splice(0)) await out.write(k);
      }
      await out.write(chunk);
    }
  } catch {
    await out?.close();
    if (path) await rm(path, { force: true });
    return undefined;
  }
  await out?.close();
  if (req.readableAborted) return undefined;
  return path ? { raw: Buffer.alloc(0), spooled: { path, size, sha256: hash.digest("hex") } } : { raw: Buffer.concat(kept) };
}

/** Query and JSON body merged, as GitLab's API (Grape) merges them; `a[]=x` becomes `a: [x]`. */
function argsOf(url: URL, raw: Buffer, contentType: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [k, v] of url.searchParams) {
    if (k.endsWith("[]")) {
      const key = k.slice(0, -2);
      args[key] = [...((args[key] as string[] | undefined) ?? []), v];
    } else args[k] = v;
  }
  if (contentType.includes("application/json") && raw.length > 0) Object.assign(args, JSON.parse(raw.toString("utf8")) as Record<string, unknown>);
  return args;
}

export interface FakeGitlabOptions {
  privateToken?: string;
  jobToken?: string;
  /** False: the group rejects duplicate generic package files (see `FakeGitlabState.genericDuplicatesAllowed`). */
  genericDuplicatesAllowed?: boolean;
}

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  const privateToken = options.privateToken ?? "glpat-fake-token";
  const jobToken = options.jobToken ?? "job-token-fake";
  const state = { ...emptyState(), genericDuplicatesAllowed: options.genericDuplicatesAllowed ?? true };
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  const faults: Fault[] = [];
  let base = "";
  let spoolDir: Promise<string> | undefined;
  const dir = () => (spoolDir ??= mkdtemp(join(tmpdir(), "relm-fake-gitlab-")));

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, binary?: Buffer, file?: FakeSpooledFile, text?: string) => {
    if (text !== undefined) {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
      res.end(text);
      return;
    }
    if (file) {
      res.writeHead(status, { "content-type": "application/octet-stream", "content-length": String(file.size), ...headers });
      // A reader that stops early (a size check) closes the connection: not the fake's failure.
      pipeline(createReadStream(file.path), res).catch(() => undefined);
      return;
    }
    if (binary) {
      res.writeHead(status, { "content-type": "application/octet-stream", "content-length": String(binary.length), ...headers });
      res.end(binary);
      return;
    }
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const method = req.method ?? "GET";
      const match = matchRoute(method, url.pathname);
      const upload = match?.route.id === "publish-generic-package" ? await receiveUpload(req, dir) : { raw: await readAll(req) };
      if (!upload) return;
      const { raw, spooled } = upload;
      const auth = req.headers["private-token"] === privateToken ? "private-token" : req.headers["job-token"] === jobToken ? "job-token" : "none";
      const log: LoggedRequest = { method, path: url.pathname.replace(/^\/api\/v4/, ""), args: {}, auth, status: 0, ...(req.headers["content-length"] === undefined ? {} : { contentLength: req.headers["content-length"] }) };
      requests.push(log);
      const answer = (status: number, body: unknown, headers?: Record<string, string>, binary?: Buffer, file?: FakeSpooledFile, text?: string) => {
        log.status = status;
        send(res, status, body, headers, binary, file, text);
      };
      if (!match) {
        violations.push(`${method} ${log.path}: no such endpoint in routes.ts`);
        return answer(404, { error: "404 Not Found" });
      }
      log.route = match.route.id;
      let args: Record<string, unknown>;
      try {
        args = argsOf(url, raw, req.headers["content-type"] ?? "");
      } catch {
        violations.push(`${method} ${log.path}: body is not JSON`);
        return answer(400, { error: "body is not valid JSON" });
      }
      log.args = args;
      const problems = match.route.id === "publish-generic-package" ? paramProblems(match.route, Object.keys(Object.fromEntries(url.searchParams))) : paramProblems(match.route, Object.keys(args));
      if (problems.length > 0) {
        violations.push(...problems.map((p) => `${method} ${log.path}: ${p}`));
        return answer(400, { error: problems.join(", ") });
      }
      if (auth === "none") return answer(401, { message: "401 Unauthorized" });
      if (auth === "job-token" && !match.route.jobToken) return answer(403, { message: "403 Forbidden" });
      const fault = faults.find((f) => f.route === match.route.id && (f.times ?? 1) > 0);
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.afterHandler) handlers[match.route.id]!(state, { params: match.params, args, raw, base: `${base}/api/v4`, ...(spooled ? { spooled } : {}) });
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (res.destroyed) return;
        return answer(fault.status, fault.body ?? { message: `${fault.status} fault` }, fault.headers);
      }
      const handler = handlers[match.route.id];
      if (!handler) return answer(501, { message: "not implemented in the fake" });
      const out = handler(state, { params: match.params, args, raw, base: `${base}/api/v4`, ...(spooled ? { spooled } : {}) });
      if (!match.route.statuses.includes(out.status)) violations.push(`${method} ${log.path}: answered ${out.status}, not a documented status`);
      if (match.route.paginated && Array.isArray(out.body)) {
        // Offset pagination as GitLab documents it: page/per_page (default 20, at most 100), Link and X-* headers.
        const perPage = Math.min(100, Math.max(1, Number(args.per_page ?? 20) || 20));
        const page = Math.max(1, Number(args.page ?? 1) || 1);
        const total = out.body.length;
        const pages = Math.max(1, Math.ceil(total / perPage));
        const headers: Record<string, string> = { "x-page": String(page), "x-per-page": String(perPage), "x-total": String(total), "x-total-pages": String(pages), "x-next-page": page < pages ? String(page + 1) : "" };
        if (page < pages) {
          const next = new URL(url);
          next.searchParams.set("page", String(page + 1));
          next.searchParams.set("per_page", String(perPage));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        return answer(out.status, out.body.slice((page - 1) * perPage, page * perPage), headers);
      }
      return answer(out.status, out.body, {}, out.binary, out.file, out.text);
    })().catch((error: unknown) => {
      violations.push(`fake crashed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) send(res, 500, { message: "500 Internal Server Error" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    apiUrl: `${base}/api/v4`,
    state,
    requests,
    violations,
    fault: (f) => void faults.push({ ...f }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (spoolDir) await rm(await spoolDir, { recursive: true, force: true });
    },
  };
}
