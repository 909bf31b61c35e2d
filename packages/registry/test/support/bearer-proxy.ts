import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface BearerProxy {
  host: string;
  /** Token requests seen: the scope asked for and whether the Basic credentials were right. */
  tokenRequests: { scope: string | null; service: string | null; authorized: boolean }[];
  close(): Promise<void>;
}

/**
 * A token-auth front for a real registry, the way GHCR and GitLab's registry behave: requests without a
 * valid Bearer token get 401 + `WWW-Authenticate: Bearer realm=...,service=...,scope=...`; the realm
 * hands out tokens for Basic credentials; everything else is streamed through to the registry.
 */
export async function startBearerProxy(upstream: string, user: { name: string; password: string }): Promise<BearerProxy> {
  const tokens = new Set<string>();
  const tokenRequests: BearerProxy["tokenRequests"] = [];
  const expected = `Basic ${Buffer.from(`${user.name}:${user.password}`).toString("base64")}`;
  let host = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", `http://${host}`);
    if (url.pathname === "/token") {
      const authorized = req.headers.authorization === expected;
      tokenRequests.push({ scope: url.searchParams.get("scope"), service: url.searchParams.get("service"), authorized });
      if (!authorized) {
        res.writeHead(401).end();
        return;
      }
      const token = `tok-${tokens.size + 1}`;
      tokens.add(token);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !tokens.has(bearer)) {
      const repo = /^\/v2\/(.+?)\/(?:manifests|blobs|tags)\//.exec(url.pathname)?.[1] ?? "";
      const action = req.method === "GET" || req.method === "HEAD" ? "pull" : "pull,push";
      req.resume();
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://${host}/token",service="relm-test",scope="repository:${repo}:${action}"` }).end();
      return;
    }
    const headers = { ...req.headers, host };
    delete headers.authorization;
    const forward = request(`http://${upstream}${req.url ?? "/"}`, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on("error", () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, tokenRequests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
