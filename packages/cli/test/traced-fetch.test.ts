import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shownUrl, tracedFetch } from "../src/trace/index.ts";

let base = "";
const server = createServer((req, res) => res.writeHead(req.url?.startsWith("/missing") ? 404 : 200).end("ok"));
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("--verbose HTTP trace", () => {
  it("one line per call with method, status and duration; never userinfo or a secret-looking parameter", async () => {
    const lines: string[] = [];
    let t = 0;
    const traced = tracedFetch(globalThis.fetch, (l) => lines.push(l), () => (t += 25));
    const answer = await traced(`http://${base}/v2/app/blobs?access_token=s3cr3t&n=1`, { method: "HEAD" });
    expect(answer.status).toBe(200);
    await traced(new URL(`http://${base}/missing?X-Amz-Signature=abc`));
    expect(lines).toEqual([`HEAD http://${base}/v2/app/blobs?access_token=***&n=1 -> 200 in 25 ms`, `GET http://${base}/missing?X-Amz-Signature=*** -> 404 in 25 ms`]);
    expect(lines.join("\n")).not.toMatch(/s3cr3t|abc/);
  });

  it("a call that fails is traced and still fails", async () => {
    const lines: string[] = [];
    const failing: typeof fetch = () => Promise.reject(new Error("connect ECONNREFUSED"));
    await expect(tracedFetch(failing, (l) => lines.push(l))("http://127.0.0.1:9/x")).rejects.toThrow("ECONNREFUSED");
    expect(lines[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/x -> failed \(connect ECONNREFUSED\) in \d+ ms$/);
  });

  it("drops credentials written into a URL", () => {
    expect(shownUrl("https://user:glpat-secret@gitlab.invalid/api/v4/projects?private_token=t")).toBe("https://gitlab.invalid/api/v4/projects?private_token=***");
  });
});
