import { describe, expect, it } from "vitest";
import { collectingRuntime } from "../src/ports/runtime.ts";
import type { MergedPull, TaggedPulls } from "../src/ports/release-pulls.ts";
import { RELEASE_PULL_MARKER } from "../src/usecases/release-pull.ts";
import { markTaggedPulls, TAGGED_PULL_LABEL } from "../src/usecases/tagged-pulls.ts";
import { releasePullPreview } from "../src/usecases/release-pull-preview.ts";
import type { PreparedRelease } from "../src/usecases/prepare.ts";

/** Merged PRs by the commit their merge made; `relabel` applies the change, or fails when told to. */
function memoryPulls(byCommit: Record<string, MergedPull>, fail: { lookup?: boolean; relabel?: boolean } = {}) {
  const asked: string[] = [];
  const pulls: TaggedPulls = {
    async mergedInto(commit) {
      asked.push(commit);
      if (fail.lookup) throw new Error("403 Resource not accessible by integration");
      return byCommit[commit];
    },
    async relabel(pull, { add, remove }) {
      if (fail.relabel) throw new Error("403 Resource not accessible by integration");
      pull.labels = [...pull.labels.filter((l) => l !== remove), add];
    },
  };
  return { pulls, asked };
}

const pull = (number: number, body: string, labels = ["relm: pending"]): MergedPull => ({ number, body, labels });

describe("markTaggedPulls", () => {
  it("relabels the release PR behind each tagged commit once, and leaves a PR without the marker alone", async () => {
    const own = pull(1, `${RELEASE_PULL_MARKER}\n## Release`);
    const person = pull(2, "my own PR", ["relm: pending"]);
    const { pulls, asked } = memoryPulls({ c1: own, c2: person });
    const runtime = collectingRuntime();
    expect(await markTaggedPulls({ pulls, runtime }, ["c1", "c1", "c2", "c3"])).toEqual([1]);
    expect(asked).toEqual(["c1", "c2", "c3"]);
    expect(own.labels).toEqual([TAGGED_PULL_LABEL]);
    expect(person.labels).toEqual(["relm: pending"]);
    expect(runtime.lines).toEqual(['release PR #1 labelled "relm: tagged"']);
  });

  it("a PR already marked is not touched again (a re-run)", async () => {
    const { pulls } = memoryPulls({ c1: pull(1, RELEASE_PULL_MARKER, [TAGGED_PULL_LABEL]) });
    expect(await markTaggedPulls({ pulls, runtime: collectingRuntime() }, ["c1"])).toEqual([]);
  });

  it("never throws: a refused label is a warning, a refused lookup a note", async () => {
    const refused = memoryPulls({ c1: pull(1, RELEASE_PULL_MARKER) }, { relabel: true });
    const runtime = collectingRuntime();
    expect(await markTaggedPulls({ pulls: refused.pulls, runtime }, ["c1"])).toEqual([]);
    expect(runtime.lines).toEqual([expect.stringMatching(/^warning: the release is made, but release PR #1 keeps its label "relm: pending": 403/)]);
    const blind = memoryPulls({}, { lookup: true });
    const quiet = collectingRuntime();
    expect(await markTaggedPulls({ pulls: blind.pulls, runtime: quiet }, ["c1"])).toEqual([]);
    expect(quiet.lines).toEqual([expect.stringMatching(/^the release PR of c1 was not looked for: 403/)]);
  });
});

describe("releasePullPreview", () => {
  const prepared = (released: boolean): PreparedRelease => ({
    released,
    versions: released ? [{ name: "app", version: "1.1.0", tag: "v1.1.0" }] : [],
    files: [
      { path: "package.json", kind: "manifest", changed: true, created: false, changes: ["version 1.0.0 → 1.1.0"], text: "{}" },
      { path: "README.md", kind: "extra", changed: false, created: false, changes: [], text: "" },
    ],
    notes: [],
    ...(released ? {} : { reason: "no release-worthy commits" }),
  });

  it("names the branch, the title, the versions and the changed files, and that no forge was asked", () => {
    expect(releasePullPreview({ base: "main", prepared: prepared(true) })).toEqual({
      action: "preview",
      branch: "relm/release-main",
      title: "chore(release): 1.1.0",
      versions: [{ name: "app", version: "1.1.0", tag: "v1.1.0" }],
      files: [{ path: "package.json", created: false, changes: ["version 1.0.0 → 1.1.0"] }],
      forgeAsked: false,
      dryRun: true,
    });
  });

  it("says why nothing would be committed", () => {
    expect(releasePullPreview({ base: "main", prepared: prepared(false) })).toMatchObject({ action: "nothing", reason: "no release-worthy commits", files: [] });
  });
});
