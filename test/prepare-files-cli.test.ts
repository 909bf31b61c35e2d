// End to end: `relm prepare` with extra files (JSON path, YAML path, marker), and the files it refuses.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { json, read, type PrepareJson } from "./support/prepare-run.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

describe("relm prepare with extra files", () => {
  let repo: GitFixture;
  const config = [
    "extraFiles:",
    "  - { path: app.json, jsonPath: $.app.version }",
    "  - path: chart/Chart.yaml",
    "    yamlPath: $.appVersion",
    "  - { path: src/version.ts, marker: true }",
    "",
  ].join("\n");
  const chart = "# the chart\napiVersion: v2\nversion: 0.3.0 # the chart's own\nappVersion: \"1.0.0\" # the app\n";
  const source = 'export const version = "1.0.0"; // x-relm-version\nexport const schema = "1.0.0";\n';
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first", {
      files: {
        ".relm.yml": config,
        "app.json": '{"app": {"name": "w", "version": "1.0.0"}, "other": {"version": "1.0.0"}}',
        "chart/Chart.yaml": chart,
        "src/version.ts": source,
      },
    });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("feat!: drop the old API", { files: { "src/a.ts": "1" } });
  });
  afterAll(() => repo.cleanup());

  it("writes the version by JSON path, YAML path and marker, leaving the rest byte for byte", () => {
    const { code, json: out } = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(read(repo, "app.json")).toBe('{"app": {"name": "w", "version": "2.0.0"}, "other": {"version": "1.0.0"}}');
    expect(read(repo, "chart/Chart.yaml")).toBe(chart.replace('"1.0.0"', '"2.0.0"'));
    expect(read(repo, "src/version.ts")).toBe(source.replace('"1.0.0"; //', '"2.0.0"; //'));
    expect(out.notes).toContain("package.json not found: no manifest to write 2.0.0 into");
    expect(out.files.filter((f) => f.kind === "extra").map((f) => f.changed)).toEqual([true, true, true]);
    const again = runRelmJson<PrepareJson>(["prepare", "--cwd", repo.dir]).json;
    expect(again.files.every((f) => !f.changed)).toBe(true);
  });

  it("refuses an extra file outside the repository as a configuration error naming .relm.yml and its line", () => {
    writeFileSync(join(repo.dir, ".relm.yml"), "tagFormat: v${version}\nextraFiles:\n  - { path: ../outside.json, jsonPath: $.version }\n");
    const run = runRelm(["prepare", "--cwd", repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(".relm.yml:3 extraFiles.0.path");
    expect(run.stderr).toContain("inside the repository");
  });

  it("refuses an extra file reached through a link that leads out", () => {
    const outside = mkdtempSync(join(tmpdir(), "relm-outside-"));
    try {
      writeFileSync(join(outside, "v.json"), '{"version": "1.0.0"}\n');
      symlinkSync(outside, join(repo.dir, "linked"));
      writeFileSync(join(repo.dir, ".relm.yml"), "extraFiles:\n  - { path: linked/v.json, jsonPath: $.version }\n");
      const run = runRelm(["prepare", "--cwd", repo.dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(".relm.yml:2 extraFiles.0.path");
      expect(readFileSync(join(outside, "v.json"), "utf8")).toBe('{"version": "1.0.0"}\n');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it("names the entry when its path to the version leads nowhere", () => {
    writeFileSync(join(repo.dir, ".relm.yml"), "extraFiles:\n  - { path: app.json, jsonPath: $.app.missing }\n");
    const run = runRelm(["prepare", "--cwd", repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_EXTRA_FILE");
    expect(run.stderr).toContain("no string value at $.app.missing");
    expect(run.stderr).toContain(".relm.yml:2 extraFiles.0.path");
  });
});

describe("relm prepare with a manifest that is not JSON", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("chore: packages", {
      files: {
        ".relm.yml": "packages:\n  - { name: a, path: packages/a }\n  - { name: b, path: packages/b }\n",
        "packages/a/package.json": json({ name: "a", version: "1.0.0" }),
        "packages/b/package.json": '{ "name": "b", "version": "1.0.0", }\n',
      },
    });
    repo.commit("feat(b): something", { files: { "packages/b/x.js": "1" } });
  });
  afterAll(() => repo.cleanup());

  it("fails as a configuration error naming the file, and writes nothing", () => {
    const run = runRelm(["prepare", "--cwd", repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELM_MANIFEST_JSON");
    expect(run.stderr).toContain("packages/b/package.json is not valid JSON");
    expect(repo.git("status", "--porcelain")).toBe("");
  });
});
