import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishRelease, verifyReleases } from "@relm/core";
import { openRegistry } from "@relm/registry";
import { startBearerProxy } from "./support/bearer-proxy.ts";
import { startOciRegistry, type RunningRegistry } from "./support/oci-registry.ts";
import { bytes, facts } from "./support/release-facts.ts";

let plain: RunningRegistry;
let guarded: RunningRegistry;
beforeAll(async () => {
  [plain, guarded] = await Promise.all([startOciRegistry(), startOciRegistry({ user: { name: "ci", password: "s3cret" } })]);
}, 30_000);
afterAll(async () => {
  await Promise.all([plain?.stop(), guarded?.stop()]);
});

const upload = (name: string, text: string) => ({ name, mediaType: "text/plain", size: Buffer.byteLength(text), open: bytes(text) });

describe("oci: transient failures and authentication", () => {
  it("retries 503s and connection resets, and still publishes a valid release", async () => {
    const faults: string[] = [];
    const seen = new Set<string>();
    // Each distinct request fails once: first with a reset connection, then (for manifests) with a 503.
    const flaky: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const key = `${init?.method ?? "GET"} ${url.pathname.replace(/uploads\/.*/, "uploads/")}`;
      if (init?.body instanceof ReadableStream && !seen.has("stream")) {
        // A streamed upload cannot be replayed: the backend must start it again from a fresh open().
        seen.add("stream");
        faults.push("PATCH stream");
        await init.body.cancel();
        return new Response("storage hiccup", { status: 500 });
      }
      if (!seen.has(key) && !(init?.body instanceof ReadableStream)) {
        seen.add(key);
        faults.push(key);
        if (key.includes("/manifests/")) return new Response("busy", { status: 503 });
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
      }
      return fetch(input, init);
    };
    const registry = await openRegistry(`oci://${plain.host}/flaky/app`, { cwd: process.cwd(), env: {}, fetch: flaky, options: { insecure: true, lockSettleMs: 200 } });
    const result = await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "alpha"), upload("b.txt", "beta")], now: "2026-01-02T00:00:00Z" }, { registry });
    expect(result.created).toBe(true);
    expect(faults.length).toBeGreaterThan(5);
    expect(faults.some((f) => f.startsWith("PUT") && f.includes("/manifests/1.0.0"))).toBe(true);
    expect(faults).toContain("PATCH stream");
    expect((await verifyReleases({}, { registry })).problems).toEqual([]);
  }, 60_000);

  it("answers a Basic auth challenge with the credentials from the environment", async () => {
    const env = { RELM_REGISTRY_USERNAME: "ci", RELM_REGISTRY_PASSWORD: "s3cret" };
    const registry = await openRegistry(`oci://${guarded.host}/private/app`, { cwd: process.cwd(), env, fetch, options: { insecure: true, lockSettleMs: 200 } });
    const result = await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "alpha")], now: "2026-01-02T00:00:00Z" }, { registry });
    expect(result.created).toBe(true);
    expect((await fetch(`http://${guarded.host}/v2/private/app/tags/list`)).status).toBe(401);

    const anonymous = await openRegistry(`oci://${guarded.host}/private/app`, { cwd: process.cwd(), env: {}, fetch, options: { insecure: true, retries: 0 } });
    await expect(anonymous.records()).rejects.toMatchObject({ code: "RELM_OCI_DENIED" });
    const wrong = await openRegistry(`oci://${guarded.host}/private/app`, { cwd: process.cwd(), env: { ...env, RELM_REGISTRY_PASSWORD: "nope" }, fetch, options: { insecure: true, retries: 0 } });
    await expect(wrong.records()).rejects.toMatchObject({ code: "RELM_OCI_DENIED" });
  }, 60_000);

  it("answers a Bearer token challenge (GHCR, GitLab) by fetching a token from the realm with the credentials", async () => {
    const proxy = await startBearerProxy(plain.host, { name: "ci", password: "s3cret" });
    try {
      const env = { CI_REGISTRY_USER: "ci", CI_REGISTRY_PASSWORD: "s3cret" };
      const registry = await openRegistry(`oci://${proxy.host}/bearer/app`, { cwd: process.cwd(), env, fetch, options: { insecure: true, lockSettleMs: 200 } });
      const result = await publishRelease({ release: facts("1.0.0"), artifacts: [upload("a.txt", "alpha")], now: "2026-01-02T00:00:00Z" }, { registry });
      expect(result.created).toBe(true);
      expect(proxy.tokenRequests.length).toBeGreaterThan(0);
      expect(proxy.tokenRequests.every((t) => t.authorized && t.service === "relm-test")).toBe(true);
      expect(proxy.tokenRequests.map((t) => t.scope)).toContain("repository:bearer/app:pull,push");
      expect((await verifyReleases({}, { registry })).problems).toEqual([]);

      const wrong = await openRegistry(`oci://${proxy.host}/bearer/app`, { cwd: process.cwd(), env: { ...env, CI_REGISTRY_PASSWORD: "nope" }, fetch, options: { insecure: true, retries: 0 } });
      await expect(wrong.records()).rejects.toMatchObject({ code: "RELM_OCI_DENIED" });
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
