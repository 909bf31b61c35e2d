import { createRequire } from "node:module";
import type * as Http from "node:http";
import type * as Https from "node:https";
import { pipeline } from "node:stream/promises";
import type { OciBody, OciResponse } from "./oci-http.ts";

// Required rather than imported: an ES import of node:http reads every export, and its WebSocket
// getter loads Node's fetch stack (undici and its WebAssembly HTTP parser, about 15 MB of RSS),
// which is what this client spares a publish. node:https is loaded for https: URLs only.
const require = createRequire(import.meta.url);
const clientFor = (url: URL): typeof Http | typeof Https => (url.protocol === "https:" ? (require("node:https") as typeof Https) : (require("node:http") as typeof Http));

export interface NodeRequestInit {
  method?: string;
  /** Lower-case names. */
  headers?: Record<string, string>;
  /** Sent again on a redirect. */
  body?: string | Uint8Array;
  /** Sent once, with chunked transfer; a redirect is an error (the bytes are gone). */
  stream?: AsyncIterable<Uint8Array>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** A body this small is read to its end on cancel, so the connection can be used again. */
const DRAIN_BYTES = 64 * 1024;

function send(url: URL, method: string, headers: Record<string, string>, init: NodeRequestInit, body: string | Uint8Array | undefined): Promise<Http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = clientFor(url).request(url, { method, headers }, resolve);
    request.on("error", reject);
    if (init.stream) pipeline(init.stream, request).catch(reject);
    else request.end(body);
  });
}

function answer(response: Http.IncomingMessage, method: string): OciResponse {
  const status = response.statusCode ?? 0;
  // An answer without a body still holds its socket until read to its end, and a caller that only
  // wants the status (HEAD) never reads it: without this the process would not exit.
  if (method === "HEAD" || status === 204 || status === 304 || response.headers["content-length"] === "0") response.resume();
  const read = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const body: OciBody = {
    [Symbol.asyncIterator]: () => response[Symbol.asyncIterator](),
    cancel: async () => {
      const length = Number(response.headers["content-length"] ?? Number.NaN);
      if (length <= DRAIN_BYTES) response.resume();
      else response.destroy();
    },
  };
  return {
    status,
    ok: status >= 200 && status < 300,
    statusText: response.statusMessage ?? "",
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : String(value);
      },
    },
    body,
    text: read,
    json: async () => JSON.parse(await read()) as unknown,
  };
}

/**
 * One request over node:http(s), answered in the shape fetch gives: redirects are followed as fetch
 * follows them (303 and a redirected POST become GET; the authorization header is not sent to
 * another origin), except for a streamed body, which cannot be sent twice.
 */
export async function nodeRequest(url: string | URL, init: NodeRequestInit = {}): Promise<OciResponse> {
  let target = new URL(url);
  let method = (init.method ?? "GET").toUpperCase();
  let body = init.body;
  const headers: Record<string, string> = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  for (let hop = 0; ; hop += 1) {
    const response = await send(target, method, headers, init, body);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return answer(response, method);
    response.destroy();
    if (init.stream) throw new Error(`${method} ${target.origin}${target.pathname} was redirected to ${location}: a streamed body is not sent again`);
    if (hop >= MAX_REDIRECTS) throw new Error(`${method} ${target.href}: more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (next.origin !== target.origin) delete headers.authorization;
    if ((response.statusCode === 303 && method !== "HEAD") || ((response.statusCode === 301 || response.statusCode === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
      for (const name of ["content-type", "content-length"]) delete headers[name];
    }
    target = next;
  }
}
