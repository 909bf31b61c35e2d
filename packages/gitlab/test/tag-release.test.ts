import { afterEach, describe, expect, it } from "vitest";
import { RelmError, TagConflictError } from "@relm/core";
import { harness, SHA_A, SHA_B, type Harness } from "./support.ts";

let h: Harness;
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.fake.close();
});

describe("tag", () => {
  it("creates an annotated tag through the API, and a re-run on the same commit changes nothing", async () => {
    h = await harness();
    expect(await h.forge.tags.createTag({ name: "v1.2.0", commit: SHA_A, message: "Release 1.2.0" })).toEqual({ created: true });
    const post = h.fake.requests.find((r) => r.route === "create-tag");
    expect(post).toMatchObject({ method: "POST", auth: "private-token", args: { tag_name: "v1.2.0", ref: SHA_A, message: "Release 1.2.0" } });
    expect(h.fake.state.tags.get("v1.2.0")).toMatchObject({ commit: SHA_A, message: "Release 1.2.0" });

    const before = h.fake.requests.length;
    expect(await h.forge.tags.createTag({ name: "v1.2.0", commit: SHA_A, message: "Release 1.2.0" })).toEqual({ created: false });
    expect(h.fake.requests.slice(before).map((r) => r.route)).toEqual(["show-tag"]);
  });

  it("refuses a tag of the same name on another commit", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.0.0", { name: "v1.0.0", commit: SHA_B, message: "" });
    const error = await h.forge.tags.createTag({ name: "v1.0.0", commit: SHA_A, message: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TagConflictError);
    expect((error as TagConflictError).existing).toBe(SHA_B);
    expect(h.fake.requests.some((r) => r.route === "create-tag")).toBe(false);
  });

  it("completes when the tag landed but GitLab's answer was lost (502, retried POST answers 400)", async () => {
    h = await harness();
    h.fake.fault({ route: "create-tag", status: 502, afterHandler: true });
    expect((await h.forge.tags.createTag({ name: "v2.0.0", commit: SHA_A, message: "m" })).created).toBe(false);
    expect(h.fake.state.tags.get("v2.0.0")?.commit).toBe(SHA_A);
    expect(h.fake.requests.filter((r) => r.route === "create-tag").map((r) => r.status)).toEqual([502, 400]);
  });

  it("says that CI_JOB_TOKEN cannot create tags", async () => {
    h = await harness({ auth: { kind: "job-token", value: "job-token-fake" } });
    const error = await h.forge.tags.createTag({ name: "v1.0.0", commit: SHA_A, message: "m" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelmError);
    expect((error as RelmError).code).toBe("RELM_GITLAB_REQUEST");
    expect((error as RelmError).message).toContain("GET /projects/:id/repository/tags/:tag_name failed with 403");
    expect((error as RelmError).hint).toContain("CI_JOB_TOKEN can create releases but not tags");
    expect(h.fake.requests.find((r) => r.route === "show-tag")?.auth).toBe("job-token");
    expect(h.fake.state.tags.size).toBe(0);
  });
});

describe("release", () => {
  const input = {
    tag: "v1.2.0",
    name: "v1.2.0",
    notes: "## Features\n\n- thing",
    milestones: ["1.2"],
    links: [{ name: "app.tgz", url: "https://gitlab.invalid/pkg/app.tgz", type: "package" as const }],
  };

  it("creates a release with notes, milestones and asset links; a re-run updates it without duplicating links", async () => {
    h = await harness();
    h.fake.state.milestones.add("1.2");
    h.fake.state.tags.set("v1.2.0", { name: "v1.2.0", commit: SHA_A, message: "" });
    const first = await h.forge.releases.upsertRelease(input);
    expect(first.created).toBe(true);
    expect(first.release).toMatchObject({ tag: "v1.2.0", notes: input.notes, draft: false });
    expect(first.release.url).toContain("/acme/app/-/releases/v1.2.0");
    const stored = h.fake.state.releases.get("v1.2.0");
    expect(stored?.milestones).toEqual(["1.2"]);
    expect(stored?.links.map((l) => [l.name, l.link_type])).toEqual([["app.tgz", "package"]]);

    const second = await h.forge.releases.upsertRelease({ ...input, notes: "changed", links: [...input.links, { name: "record.json", url: "https://gitlab.invalid/pkg/record.json" }] });
    expect(second.created).toBe(false);
    expect(h.fake.state.releases.get("v1.2.0")?.description).toBe("changed");
    expect(h.fake.state.releases.get("v1.2.0")?.links.map((l) => l.name)).toEqual(["app.tgz", "record.json"]);
    expect(h.fake.requests.filter((r) => r.route === "create-release-link")).toHaveLength(2);
  });

  it("updates a release that already exists", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.2.0", { name: "v1.2.0", commit: SHA_A, message: "" });
    h.fake.state.releases.set("v1.2.0", { tag: "v1.2.0", name: "old", description: "old", milestones: [], links: [], created_at: "2026-01-01T00:00:00Z" });
    const out = await h.forge.releases.upsertRelease({ tag: "v1.2.0", name: "v1.2.0", notes: "new" });
    expect(out.created).toBe(false);
    expect(h.fake.state.releases.get("v1.2.0")).toMatchObject({ name: "v1.2.0", description: "new" });
    expect(h.fake.requests.some((r) => r.route === "create-release")).toBe(false);
  });

  it("an unknown milestone fails naming the endpoint and GitLab's reason, and leaves no release", async () => {
    h = await harness();
    h.fake.state.tags.set("v1.2.0", { name: "v1.2.0", commit: SHA_A, message: "" });
    const error = (await h.forge.releases.upsertRelease({ ...input, milestones: ["nope"] }).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_REQUEST");
    expect(error.message).toContain("POST /projects/:id/releases failed with 400");
    expect(error.message).toContain("Milestone(s) not found: nope");
    expect(h.fake.state.releases.size).toBe(0);
  });

  it("a release answered with an unexpected shape fails naming the endpoint", async () => {
    h = await harness();
    h.fake.fault({ route: "show-release", status: 200, body: { tag: "v1.2.0" } });
    const error = (await h.forge.releases.upsertRelease(input).catch((e: unknown) => e)) as RelmError;
    expect(error.code).toBe("RELM_GITLAB_RESPONSE");
    expect(error.message).toContain("GET /projects/:id/releases/:tag_name");
    expect(h.fake.state.releases.size).toBe(0);
  });
});
