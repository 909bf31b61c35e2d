import { describe, expect, it } from "vitest";
import { bumpedRange, configSchema, documentPath, manifestEdit, prepareRelease, withMarkedVersions, type ReleasePlan } from "../src/index.ts";
import { jsonStringSpans } from "../src/prepare/json-strings.ts";
import { withYamlScalar } from "../src/prepare/yaml-scalar.ts";

describe("bumpedRange", () => {
  it("keeps the operator of ^, ~ and exact ranges", () => {
    expect(bumpedRange("^1.0.0", "1.2.0")).toBe("^1.2.0");
    expect(bumpedRange("~1.0.0", "1.0.1")).toBe("~1.0.1");
    expect(bumpedRange("1.0.0", "2.0.0")).toBe("2.0.0");
    expect(bumpedRange("^1.0.0-rc.1", "1.0.0")).toBe("^1.0.0");
  });

  it("leaves workspace:, *, other ranges and ranges already there alone", () => {
    for (const range of ["workspace:^1.0.0", "workspace:*", "*", ">=1.0.0", "^1.0.0 || ^2.0.0", "latest", "npm:other@^1.0.0", "file:../a", "^1.0"]) {
      expect(bumpedRange(range, "1.2.0"), range).toBeUndefined();
    }
    expect(bumpedRange("^1.2.0", "1.2.0")).toBeUndefined();
    expect(bumpedRange("^2.0.0", "1.5.0")).toBeUndefined();
  });
});

describe("documentPath", () => {
  it("reads dotted keys, indexes and quoted keys, with or without $", () => {
    expect(documentPath("$.version")).toEqual(["version"]);
    expect(documentPath("tool.version")).toEqual(["tool", "version"]);
    expect(documentPath('$.packages[0]["odd.key"]')).toEqual(["packages", 0, "odd.key"]);
  });

  it("refuses paths that select many values or none", () => {
    for (const p of ["$", "$..version", "$.a[*]", "$.a[?(@.x)]", "a..b", ""]) expect(documentPath(p), p).toBeUndefined();
  });
});

describe("jsonStringSpans", () => {
  it("finds string values at their paths, past escapes, numbers and nested arrays", () => {
    const text = '{"a\\"b": "x\\"y", "n": [1, {"v": "1.0.0"}], "e": {}, "t": true, "version": "2.0.0"}';
    const spans = jsonStringSpans(text).map((s) => ({ path: s.path, text: text.slice(s.start, s.end) }));
    expect(spans).toEqual([
      { path: ['a"b'], text: '"x\\"y"' },
      { path: ["n", 1, "v"], text: '"1.0.0"' },
      { path: ["version"], text: '"2.0.0"' },
    ]);
  });
});

describe("manifestEdit", () => {
  it("adds a missing version after the name, in the file's own indentation", () => {
    const edit = manifestEdit('{\n\t"name": "a",\n\t"private": true\n}\n', "package.json", { version: "1.0.0", released: new Map() });
    expect(edit.text).toBe('{\n\t"name": "a",\n\t"version": "1.0.0",\n\t"private": true\n}\n');
    expect(edit.changes).toEqual(["version 1.0.0"]);
  });

  it("returns the text unchanged when everything is already written", () => {
    const text = '{ "name": "b", "version": "1.1.0", "dependencies": { "a": "^1.1.0" } }';
    expect(manifestEdit(text, "b/package.json", { version: "1.1.0", released: new Map([["a", "1.1.0"]]) })).toEqual({ text, changes: [] });
  });

  it("names the file that is not JSON", () => {
    expect(() => manifestEdit("{ nope", "packages/x/package.json", { released: new Map() })).toThrow(/packages\/x\/package\.json is not valid JSON/);
  });
});

describe("withYamlScalar and withMarkedVersions", () => {
  it("replaces a YAML scalar in place, keeping quotes and comments", () => {
    const text = "a:\n  # keep me\n  tag: '1.0.0' # and me\n";
    expect(withYamlScalar(text, ["a", "tag"], "1.1.0")).toEqual({ text: "a:\n  # keep me\n  tag: '1.1.0' # and me\n" });
    expect(withYamlScalar(text, ["a", "nope"], "1.1.0")).toHaveProperty("problem");
  });

  it("rewrites every version on marked lines only, keeping a v prefix", () => {
    const out = withMarkedVersions("VERSION = 'v1.0.0' # x-relm-version\nOTHER = '1.0.0'\r\n", "1.2.3-rc.1");
    expect(out).toEqual({ text: "VERSION = 'v1.2.3-rc.1' # x-relm-version\nOTHER = '1.0.0'\r\n", marked: 1 });
  });
});

describe("extraFiles in the configuration", () => {
  it("refuses paths outside the repository and paths that select no single value", () => {
    for (const path of ["../x.json", "/etc/passwd", "a/../../x", "C:\\x.json"]) {
      expect(configSchema.safeParse({ extraFiles: [{ path, jsonPath: "$.version" }] }).success, path).toBe(false);
    }
    expect(configSchema.safeParse({ extraFiles: [{ path: "a.json", jsonPath: "$..version" }] }).success).toBe(false);
    expect(configSchema.safeParse({ extraFiles: [{ path: "a.json", marker: true }] }).success).toBe(true);
    const both = configSchema.safeParse({ extraFiles: [{ path: "a.json", marker: true, jsonPath: "$.version" }] });
    expect(both.error?.issues[0]?.message).toMatch(/exactly one of jsonPath, yamlPath or marker/);
    expect(configSchema.safeParse({ extraFiles: [{ path: "Cargo.toml", tomlPath: "package.version" }] }).success).toBe(false);
  });
});

describe("prepareRelease", () => {
  const plan = (mode: ReleasePlan["mode"]): ReleasePlan => ({
    schema: "relm.plan/1",
    released: true,
    mode,
    range: { toRef: "HEAD", to: "abc" },
    packages: [
      { name: "a", path: "packages/a", bump: "minor", released: true, next: { version: "1.1.0", tag: "a@1.1.0" }, commits: [], cancelledReverts: [], breakingChanges: 0, notes: "## 1.1.0 (2024-01-01)\n", changelogFile: "packages/a/CHANGELOG.md" },
      { name: "b", path: "packages/b", bump: "none", released: false, commits: [], cancelledReverts: [], breakingChanges: 0, notes: "" },
    ],
    commitCount: 1,
    mergeCommits: 0,
    nonConventional: { count: 0, commits: [] },
    warnings: [],
  });
  const files: Record<string, string> = {
    "packages/a/package.json": '{"name": "a", "version": "1.0.0"}\n',
    "packages/b/package.json": '{"name": "b", "version": "3.0.0", "peerDependencies": {"a": "^1.0.0"}}\n',
    "packages/b/VERSION": "3.0.0 x-relm-version\n",
  };
  const workTree = { read: async (path: string) => files[path] };

  it("moves an unreleased dependent's range without releasing it, and leaves its extra files alone", async () => {
    const out = await prepareRelease({ workTree }, { plan: plan("independent"), config: { extraFiles: [{ path: "packages/b/VERSION", marker: true }] } });
    expect(out.commitMessage).toBe("chore(release): a@1.1.0");
    const b = out.files.find((f) => f.path === "packages/b/package.json");
    expect(b?.text).toBe('{"name": "b", "version": "3.0.0", "peerDependencies": {"a": "^1.1.0"}}\n');
    expect(out.files.map((f) => f.path)).not.toContain("packages/b/VERSION");
    expect(out.notes).toEqual(["packages/b/VERSION: b is not released; left alone"]);
  });

  it("follows a released package by its npm name when its configured label differs", async () => {
    const labelled = plan("independent");
    labelled.packages = labelled.packages.map((p) => (p.name === "a" ? { ...p, name: "core" } : p));
    const tree = { read: async (path: string) => ({ ...files, "packages/a/package.json": '{"name": "@acme/core", "version": "1.0.0"}', "packages/b/package.json": '{"dependencies": {"@acme/core": "~1.0.0", "core": "^1.0.0"}}' })[path] };
    const out = await prepareRelease({ workTree: tree }, { plan: labelled, config: { extraFiles: [] } });
    expect(out.files.find((f) => f.path === "packages/b/package.json")?.text).toBe('{"dependencies": {"@acme/core": "~1.1.0", "core": "^1.0.0"}}');
    expect(out.commitMessage).toBe("chore(release): core@1.1.0");
  });

  it("names the configuration line of an extra file that does not exist", async () => {
    const request = { plan: plan("fixed"), config: { extraFiles: [{ path: "gone.txt", marker: true as const }] }, lineOf: () => 7 };
    await expect(prepareRelease({ workTree }, request)).rejects.toMatchObject({ code: "RELM_EXTRA_FILE", kind: "config", details: [{ where: ".relm.yml:7 extraFiles.0.path" }] });
  });
});
