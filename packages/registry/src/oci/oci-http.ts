import { setTimeout as sleep } from "node:timers/promises";
import { RelmError } from "@relm/core/errors";
import { nodeRequest } from "./oci-node-client.ts";

export interface OciTarget {
  /** `http://127.0.0.1:5000` or `https://ghcr.io`. */
  origin: string;
  /** Repository path: `org/app`. */
  repository: string;
}

export interface OciHttpOptions {
  /** Default: node:http(s) (oci-node-client.ts), which keeps Node's fetch stack unloaded. */
  fetch?: typeof globalThis.fetch;
  credentials?: { username: string; password: string };
  retries: number;
}

/** A streamed answer's body: fetch's ReadableStream, or the node:http response. */
export interface OciBody extends AsyncIterable<Uint8Array> {
  cancel(): Promise<void>;
}

/** What relm reads of an answer: fetch's Response has it, and so has the node:http client. */
export interface OciResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: OciBody | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface OciRequest {
  method?: string;
  /** Lower-case names. */
  headers?: Record<string, string>;
  /** A body that can be sent again (a retry, an auth challenge); streams go through `stream` instead. */
  body?: string | Uint8Array;
  /** Streamed once: never retried, so the caller restarts the whole upload. */
  stream?: AsyncIterable<Uint8Array>;
  /** Statuses the caller handles itself (404 on HEAD). */
  accept?: readonly number[];
};

const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The distribution API over node:http(s), or an injected fetch: Bearer token challenges (GHCR, GitLab, Harbor) and Basic
 * auth, and retries of transient failures (5xx, 429, connection resets) with exponential backoff.
 */
export function ociHttp(target: OciTarget, options: OciHttpOptions) {
  let authorization: string | undefined;

  async function send(pathOrUrl: string, init: OciRequest): Promise<OciResponse> {
    const url = pathOrUrl.startsWith("http") ? pathOrUrl : `${target.origin}${pathOrUrl}`;
    const { body, stream, method } = init;
    const headers: Record<string, string> = { ...init.headers, ...(authorization ? { authorization } : {}) };
    if (!options.fetch) return nodeRequest(url, { headers, ...(method ? { method } : {}), ...(body === undefined ? {} : { body }), ...(stream ? { stream } : {}) });
    const requestBody = stream ? ReadableStream.from(stream) : body;
    // A followed redirect must replay the body, so undici keeps every chunk of a streamed one in
    // memory; uploads are never redirected in practice, and refusing keeps memory constant.
    return options.fetch(url, { ...(method ? { method } : {}), headers, ...(requestBody === undefined ? {} : { body: requestBody as RequestInit["body"] }), ...(stream ? { duplex: "half" } : {}), redirect: stream ? "error" : "follow" } as RequestInit);
  }

  async function request(pathOrUrl: string, init: OciRequest = {}): Promise<OciResponse> {
    const attempts = init.stream ? 1 : options.retries + 1;
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (attempt > 0) await sleep(Math.min(200 * 2 ** (attempt - 1), 5000));
      let response: OciResponse;
      try {
        response = await send(pathOrUrl, init);
      } catch (error) {
        last = error;
        continue;
      }
      if (response.status === 401 && !init.stream && (await authorize(response))) {
        response = await send(pathOrUrl, init);
      }
      if (TRANSIENT.has(response.status) && attempt + 1 < attempts) {
        last = new Error(`HTTP ${response.status}`);
        await response.body?.cancel();
        continue;
      }
      if (response.ok || init.accept?.includes(response.status)) return response;
      throw await httpError(init.method ?? "GET", pathOrUrl, response);
    }
    throw new RelmError("RELM_OCI_UNREACHABLE", "external", `${init.method ?? "GET"} ${pathOrUrl} failed ${attempts} time(s): ${(last as Error)?.message ?? String(last)}`, {
      cause: last,
      details: [{ where: target.origin, message: String((last as { cause?: unknown })?.cause ?? last) }],
      hint: "Check the registry URL and that the registry is up; transient failures were retried.",
    });
  }

  /** Answers a 401 challenge: Basic credentials, or a Bearer token from the realm it names. */
  async function authorize(response: OciResponse): Promise<boolean> {
    const challenge = response.headers.get("www-authenticate") ?? "";
    await response.body?.cancel();
    const creds = options.credentials;
    const basic = creds ? `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}` : undefined;
    if (/^basic/i.test(challenge)) {
      if (!basic || authorization === basic) return false;
      authorization = basic;
      return true;
    }
    if (!/^bearer/i.test(challenge)) return false;
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!params.realm) return false;
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set("service", params.service);
    tokenUrl.searchParams.set("scope", params.scope ?? `repository:${target.repository}:pull,push`);
    const tokenHeaders: Record<string, string> = basic ? { authorization: basic } : {};
    const answer: OciResponse = options.fetch ? await options.fetch(tokenUrl, { headers: tokenHeaders }) : await nodeRequest(tokenUrl, { headers: tokenHeaders });
    if (!answer.ok) throw await httpError("GET", tokenUrl.origin + tokenUrl.pathname, answer);
    const body = (await answer.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) return false;
    authorization = `Bearer ${token}`;
    return true;
  }

  return { request, target };
}

export type OciHttp = ReturnType<typeof ociHttp>;

async function httpError(method: string, path: string, response: OciResponse): Promise<RelmError> {
  const text = await response.text().catch(() => "");
  const denied = response.status === 401 || response.status === 403;
  return new RelmError(denied ? "RELM_OCI_DENIED" : "RELM_OCI_HTTP", "external", `${method} ${path} answered HTTP ${response.status}`, {
    details: [{ where: path, message: text.slice(0, 500) || response.statusText }],
    ...(denied ? { hint: "Give relm credentials that may push: RELM_REGISTRY_USERNAME / RELM_REGISTRY_PASSWORD (or registry.usernameEnv / passwordEnv)." } : {}),
  });
}
