import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { execFile } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { nodeRequest } from "../src/oci/oci-node-client.ts";

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    }),
  );
});

/** A server on 127.0.0.1 that records each request and answers with `handle`. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void): Promise<{ origin: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = { method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() };
    seen.push(entry);
    handle(req, res, entry);
  });
  // Idle connections stay open, as a registry keeps them: only the client can let its process exit.
  server.keepAliveTimeout = 60_000;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return { origin: `http://127.0.0.1:${address.port}`, seen };
}

describe("the node:http client of the OCI backend", () => {
  it("answers as fetch does: status, headers, text and JSON", async () => {
    const { origin } = await serve((_req, res) => {
      res.writeHead(201, { "content-type": "application/json", "docker-content-digest": "sha256:abc" });
      res.end(JSON.stringify({ tags: ["v1"] }));
    });
    const answer = await nodeRequest(`${origin}/v2/app/tags/list`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect([answer.status, answer.ok, answer.headers.get("Docker-Content-Digest"), answer.headers.get("missing")]).toEqual([201, true, "sha256:abc", null]);
    expect(await answer.json()).toEqual({ tags: ["v1"] });
  });

  it("sends a streamed body in one pass", async () => {
    const { origin, seen } = await serve((_req, res) => res.writeHead(202).end());
    async function* chunks() {
      for (let i = 0; i < 3; i++) yield new TextEncoder().encode(`part${i};`);
    }
    const answer = await nodeRequest(`${origin}/upload`, { method: "PATCH", stream: chunks() });
    expect(answer.status).toBe(202);
    expect(seen[0]?.body).toBe("part0;part1;part2;");
  });

  it("follows redirects, and does not take the authorization header to another origin", async () => {
    const storage = await serve((_req, res) => res.writeHead(200).end("blob"));
    const registry = await serve((req, res) => {
      if (req.url === "/first") res.writeHead(307, { location: "/second" }).end();
      else res.writeHead(302, { location: `${storage.origin}/blob` }).end();
    });
    const answer = await nodeRequest(`${registry.origin}/first`, { headers: { authorization: "Bearer secret" } });
    expect(await answer.text()).toBe("blob");
    expect(registry.seen.map((s) => [s.url, s.authorization])).toEqual([
      ["/first", "Bearer secret"],
      ["/second", "Bearer secret"],
    ]);
    expect(storage.seen.map((s) => [s.url, s.authorization])).toEqual([["/blob", undefined]]);
  });

  it("turns a redirected POST into a GET without the body, as fetch does", async () => {
    const { origin, seen } = await serve((req, res) => (req.url === "/post" ? res.writeHead(302, { location: "/landed" }).end() : res.writeHead(200).end("ok")));
    await (await nodeRequest(`${origin}/post`, { method: "POST", body: "form" })).text();
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/post", "form"],
      ["GET", "/landed", ""],
    ]);
  });

  it("refuses to follow a redirect of a streamed body, which cannot be sent again", async () => {
    const { origin } = await serve((_req, res) => res.writeHead(307, { location: "/elsewhere" }).end());
    async function* once() {
      yield new TextEncoder().encode("bytes");
    }
    await expect(nodeRequest(`${origin}/upload`, { method: "PATCH", stream: once() })).rejects.toThrow(/redirected.*not sent again/);
  });

  it("lets the process exit when an answer's body is never read (HEAD)", async () => {
    const { origin } = await serve((_req, res) => res.writeHead(200, { "content-length": "5" }).end());
    const script = `import { nodeRequest } from ${JSON.stringify(new URL("../src/oci/oci-node-client.ts", import.meta.url).pathname)};
      const answer = await nodeRequest(${JSON.stringify(`${origin}/blob`)}, { method: "HEAD" });
      console.log(answer.status, answer.headers.get("content-length"));`;
    // In a process of its own, asynchronously, so this process's server can answer it.
    const child = await new Promise<{ failed: boolean; stdout: string }>((resolve) => {
      execFile(process.execPath, ["--input-type=module", "-e", script], { timeout: 10_000 }, (error, stdout) => resolve({ failed: error !== null, stdout }));
    });
    expect(child).toEqual({ failed: false, stdout: "200 5\n" });
  });
});

