import { afterEach, describe, expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { harness, SHA_A, type Harness } from "./support.ts";

let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.fake.close();
});

const input = { tag: "v1.0.0", name: "v1.0.0", notes: "notes" };

describe("retries and rate limits", () => {
  it("retries 5xx with exponential back-off and then succeeds", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    h.fake.fault({ route: "create-release", status: 503, times: 2 });
    const out = await h.forge.releases.upsertRelease(input);
    expect(out.created).toBe(true);
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.fake.requests.filter((r) => r.route === "create-release").map((r) => r.status)).toEqual([503, 503, 201]);
    expect(h.fake.state.releases.size).toBe(1);
  });

  it("waits as long as a 429's Retry-After says", async () => {
    h = await harness();
    h.fake.fault({ route: "show-release", status: 429, headers: { "retry-after": "3" }, body: { message: "429 Too Many Requests" } });
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    await h.forge.releases.upsertRelease(input);
    expect(h.sleeps).toEqual([3000]);
  });

  it("does not sit out a Retry-After beyond the limit: a clear error, and nothing half made", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    h.fake.fault({ route: "show-release", status: 429, headers: { "retry-after": "3600" } });
    const error = (await h.forge.releases.upsertRelease(input).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_REQUEST");
    expect(error.message).toContain("failed with 429");
    expect(error.hint).toContain("wait 3600 s");
    expect(h.sleeps).toEqual([]);
    expect(h.fake.state.releases.size).toBe(0);
  });

  it("gives up after the attempts with an error naming the endpoint; a re-run then completes the release", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    h.fake.fault({ route: "create-release", status: 500, times: 4 });
    const error = (await h.forge.releases.upsertRelease(input).catch((e: unknown) => e)) as RelmError;
    expect(error.message).toBe("GitLab POST /projects/:id/releases failed with 500 after 4 attempts: 500 fault");
    expect(error.hint).toContain("re-run the job");
    expect(h.fake.state.releases.size).toBe(0);
    expect((await h.forge.releases.upsertRelease(input)).created).toBe(true);
  });

  it("retries a request that times out", async () => {
    h = await harness({}, { timeoutMs: 200 });
    h.fake.fault({ route: "show-tag", status: 200, delayMs: 1_000 });
    expect(await h.forge.tags.createTag({ name: "v3.0.0", commit: SHA_A, message: "m" })).toEqual({ created: true });
    expect(h.sleeps).toEqual([100]);
  });

  it("reports a timeout that does not go away", async () => {
    h = await harness({}, { timeoutMs: 100, attempts: 2 });
    h.fake.fault({ route: "show-tag", status: 200, delayMs: 500, times: 2 });
    const error = (await h.forge.tags.createTag({ name: "v3.0.0", commit: SHA_A, message: "m" }).catch((e: unknown) => e)) as RelmError;
    expect(error.message).toBe("GitLab GET /projects/:id/repository/tags/:tag_name failed after 2 attempts: no answer within 100 ms");
    expect(h.fake.state.tags.size).toBe(0);
  });

  it("a 409 on create after a lost answer turns into an update, never a second release", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    h.fake.fault({ route: "create-release", status: 502, afterHandler: true });
    const out = await h.forge.releases.upsertRelease(input);
    expect(out.created).toBe(false);
    expect(h.fake.requests.filter((r) => r.route?.endsWith("release")).map((r) => `${r.route} ${r.status}`)).toEqual([
      "show-release 404",
      "create-release 502",
      "create-release 409",
      "update-release 200",
    ]);
    expect(h.fake.state.releases.size).toBe(1);
  });

  it("a release link whose creation landed but whose answer was lost is not added twice", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_A, message: "" });
    h.fake.fault({ route: "create-release-link", status: 502, afterHandler: true });
    await h.forge.releases.upsertRelease({ ...input, links: [{ name: "app.tgz", url: "https://gitlab.invalid/app.tgz" }] });
    expect(h.fake.state.releases.get("v1.0.0")?.links.map((l) => l.name)).toEqual(["app.tgz"]);
    expect(h.fake.requests.filter((r) => r.route === "create-release-link").map((r) => r.status)).toEqual([502, 400]);
  });

  it("the fake rejects a parameter GitLab does not document", async () => {
    h = await harness();
    const res = await fetch(`${h.fake.apiUrl}/projects/42/repository/tags?tag_name=v1&ref=${SHA_A}&bogus=1`, { method: "POST", headers: { "PRIVATE-TOKEN": "glpat-fake-token" } });
    expect(res.status).toBe(400);
    expect(h.fake.violations).toEqual(["POST /projects/42/repository/tags: unknown parameter bogus"]);
    h.fake.violations.length = 0;
  });
});
