import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TagConflictError } from "@relm/core";
import { githubReleases, githubTags } from "../src/index.ts";
import { startFakeGitHub, type FakeGitHub } from "../../../test/support/fake-github/index.ts";
import { clientFor, commitA, commitB } from "./support.ts";

let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
  fake.state.commits = new Set([commitA, commitB]);
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("githubTags", () => {
  it("creates an annotated tag object and its ref through the API", async () => {
    const tags = githubTags(clientFor(fake));
    expect(await tags.createTag({ name: "v1.2.0", commit: commitA, message: "release 1.2.0" })).toEqual({ created: true });
    const ref = fake.state.refs.get("tags/v1.2.0");
    expect(ref?.type).toBe("tag");
    expect(fake.state.tagObjects.get(ref?.sha ?? "")?.object.sha).toBe(commitA);
    expect(fake.state.tagObjects.get(ref?.sha ?? "")?.message).toBe("release 1.2.0");
  });

  it("leaves a tag on the same commit alone and refuses one on another commit", async () => {
    const tags = githubTags(clientFor(fake));
    await tags.createTag({ name: "v1.2.0", commit: commitA, message: "m" });
    expect(await tags.createTag({ name: "v1.2.0", commit: commitA, message: "m" })).toEqual({ created: false });
    const conflict = await tags.createTag({ name: "v1.2.0", commit: commitB, message: "m" }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(TagConflictError);
    expect((conflict as TagConflictError).existing).toBe(commitA);
    expect(fake.state.tagObjects.size).toBe(1);
  });

  it("completes when the ref was created but the answer was lost (502 after applying)", async () => {
    fake.fault("POST /repos/{owner}/{repo}/git/refs", { status: 502, afterApplying: true });
    const tags = githubTags(clientFor(fake));
    const result = await tags.createTag({ name: "pkg@2.0.0", commit: commitA, message: "m" });
    expect(result.created).toBe(false);
    expect([...fake.state.refs.keys()]).toEqual(["tags/pkg@2.0.0"]);
  });

  it("creates and then moves a floating major tag", async () => {
    const tags = githubTags(clientFor(fake));
    expect(await tags.moveTag({ name: "v1", commit: commitA })).toEqual({ moved: true });
    expect(await tags.moveTag({ name: "v1", commit: commitA })).toEqual({ moved: false });
    expect(await tags.moveTag({ name: "v1", commit: commitB })).toEqual({ moved: true });
    expect(fake.state.refs.get("tags/v1")).toEqual({ type: "commit", sha: commitB });
  });
});

describe("githubReleases", () => {
  const input = { tag: "v1.2.0", name: "v1.2.0", notes: "## Features\n- a", prerelease: false, makeLatest: "true" as const };

  beforeEach(async () => {
    await githubTags(clientFor(fake)).createTag({ name: "v1.2.0", commit: commitA, message: "m" });
  });

  it("creates a release, then updates it on a re-run instead of duplicating it", async () => {
    const releases = githubReleases(clientFor(fake));
    const first = await releases.upsertRelease(input);
    expect(first.created).toBe(true);
    expect(first.release).toMatchObject({ tag: "v1.2.0", notes: "## Features\n- a", draft: false });
    const second = await releases.upsertRelease({ ...input, notes: "new notes" });
    expect(second).toMatchObject({ created: false, release: { id: first.release.id, notes: "new notes" } });
    expect(fake.state.releases).toHaveLength(1);
    expect(fake.state.releases[0]?.makeLatest).toBe("true");
  });

  it("finds a draft left by an interrupted run (drafts are not served by releases/tags) and publishes it", async () => {
    const releases = githubReleases(clientFor(fake));
    await releases.upsertRelease({ ...input, draft: true });
    const again = await releases.upsertRelease(input);
    expect(again.created).toBe(false);
    expect(fake.state.releases).toHaveLength(1);
    expect(fake.state.releases[0]?.draft).toBe(false);
  });

  it("updates the release when its creation landed but the answer was a 502", async () => {
    fake.fault("POST /repos/{owner}/{repo}/releases", { status: 502, afterApplying: true });
    const result = await githubReleases(clientFor(fake)).upsertRelease(input);
    expect(result.created).toBe(false);
    expect(fake.state.releases).toHaveLength(1);
  });
});
