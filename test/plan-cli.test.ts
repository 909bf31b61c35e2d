// End to end: the real `relm` CLI against real git repositories.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitFixture, shallowClone, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";


interface PlanJson {
  schema: string;
  released: boolean;
  reason?: string;
  mode: string;
  range: { toRef: string; to: string; fromRef?: string; from?: string };
  commitCount: number;
  nonConventional: { count: number };
  packages: Array<{
    name: string;
    path: string;
    released: boolean;
    bump: string;
    previous?: { version: string; tag: string };
    next?: { version: string; tag: string };
    commits: Array<{ subject: string; type?: string; breaking: boolean }>;
    notes: string;
  }>;
}

describe("relm plan / version / notes on a single-package repository", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first feature", { files: { "src/a.ts": "1" } });
    repo.tag("v1.0.0", { message: "v1.0.0" });
    repo.commit("fix(parser): handle empty input\n\nCloses #12\n", { files: { "src/a.ts": "2" } });
    repo.commit("feat(cli): add --json <script>alert(1)</script> @everyone", { files: { "src/b.ts": "1" } });
    repo.commit("just a message that is not conventional", { files: { "src/c.ts": "1" } });
    repo.commit("docs: readme", { files: { "README.md": "hi" } });
    repo.git("remote", "add", "origin", "git@github.com:acme/widgets.git");
  });
  afterAll(() => repo.cleanup());

  it("relm version prints just the next version", () => {
    const run = runRelm(["version", "--cwd", repo.dir]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("1.1.0\n");
  });

  it("relm plan --json gives the whole plan", () => {
    const { code, json } = runRelmJson<PlanJson>(["plan", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(json.schema).toBe("relm.plan/1");
    expect(json.released).toBe(true);
    const [pkg] = json.packages;
    expect(pkg?.previous).toMatchObject({ version: "1.0.0", tag: "v1.0.0" });
    expect(pkg?.next).toEqual({ version: "1.1.0", tag: "v1.1.0" });
    expect(pkg?.bump).toBe("minor");
    expect(json.commitCount).toBe(4);
    expect(json.nonConventional.count).toBe(1);
    expect(pkg?.commits.map((c) => c.subject)).toContain("fix(parser): handle empty input");
  });

  it("relm notes prints escaped Markdown with links to the repository", () => {
    const run = runRelm(["notes", "--cwd", repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Features");
    expect(run.stdout).toContain("Bug Fixes");
    expect(run.stdout).toContain("handle empty input");
    expect(run.stdout).toContain("https://github.com/acme/widgets/issues/12");
    expect(run.stdout).toContain("https://github.com/acme/widgets/compare/v1.0.0...v1.1.0");
    expect(run.stdout).not.toContain("<script>");
    expect(run.stdout).not.toMatch(/(^|[^`\\])@everyone/);
    expect(run.stdout).not.toContain("readme"); // docs are hidden by default
  });

  it("relm plan prints the version and the notes", () => {
    const run = runRelm(["plan", "--cwd", repo.dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1.1.0");
    expect(run.stdout).toContain("1.0.0");
    expect(run.stdout).toContain("handle empty input");
  });

  it("--from and --to pick a range", () => {
    const { json } = runRelmJson<PlanJson>(["plan", "--cwd", repo.dir, "--from", "v1.0.0", "--to", "HEAD~3"]);
    expect(json.range.fromRef).toBe("v1.0.0");
    expect(json.packages[0]?.commits.map((c) => c.subject)).toEqual(["fix(parser): handle empty input"]);
    expect(json.packages[0]?.next?.version).toBe("1.0.1");
  });

  it("a missing ref is a usage error naming it", () => {
    const run = runRelm(["plan", "--cwd", repo.dir, "--from", "v9.9.9"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("v9.9.9");
    expect(run.stdout).toBe("");
  });

  it("unknown options and commands are usage errors (exit 2); --help is not", () => {
    expect(runRelm(["plan", "--cwd", repo.dir, "--frm", "x"]).code).toBe(2);
    expect(runRelm(["planx"]).code).toBe(2);
    const noDir = runRelm(["plan", "--cwd", join(repo.dir, "no-such-dir")]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("no-such-dir");
    const badTo = runRelm(["version", "--cwd", repo.dir, "--to", "feature/none"]);
    expect(badTo.code).toBe(2);
    expect(badTo.stderr).toContain("feature/none");
    const help = runRelm(["plan", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--from");
    expect(help.stdout).toContain("--to");
    expect(help.stdout).toContain("--cwd");
    expect(help.stdout).toContain("--json");
  });
});

describe("no release needed", () => {
  let repo: GitFixture;
  beforeAll(() => {
    repo = createGitFixture();
    repo.commit("feat: first", { files: { "a.txt": "1" } });
    repo.tag("v2.3.4", { message: "v2.3.4" });
    repo.commit("docs: typo", { files: { "README.md": "x" } });
    repo.commit("chore(deps): bump", { files: { "package.json": "{}" } });
  });
  afterAll(() => repo.cleanup());

  it("is exit 0, stated plainly and in JSON", () => {
    const plan = runRelm(["plan", "--cwd", repo.dir]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/no release needed/i);
    const { code, json } = runRelmJson<PlanJson>(["plan", "--cwd", repo.dir]);
    expect(code).toBe(0);
    expect(json.released).toBe(false);
    expect(json.reason).toBeTruthy();
    const version = runRelm(["version", "--cwd", repo.dir]);
    expect(version.code).toBe(0);
    expect(version.stdout).toBe("");
    expect(version.stderr).toMatch(/no release needed/i);
  });

  it("even with no commits since the tag", () => {
    const empty = createGitFixture();
    try {
      empty.commit("feat: x");
      empty.tag("v1.0.0");
      const run = runRelm(["plan", "--cwd", empty.dir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/no release needed/i);
    } finally {
      empty.cleanup();
    }
  });
});

describe("breaking changes and configuration", () => {
  it("a breaking change makes a major, and .relm.yml rules apply", () => {
    const repo = createGitFixture();
    try {
      repo.commit("feat: first", { files: { "a.txt": "1" } });
      repo.tag("v1.2.3");
      repo.commit("feat(api)!: drop the old endpoint\n\nBREAKING CHANGE: /v1 is gone\n", { files: { "a.txt": "2" } });
      expect(runRelm(["version", "--cwd", repo.dir]).stdout).toBe("2.0.0\n");
      const repo2 = createGitFixture();
      try {
        repo2.commit("feat: first", { files: { "a.txt": "1" } });
        repo2.tag("release-1.2.3");
        repo2.commit("build: bump the compiler", { files: { "a.txt": "2" } });
        writeFileSync(join(repo2.dir, "relm.yml"), 'tagFormat: "release-${version}"\nreleaseRules:\n  - type: build\n    release: patch\n');
        expect(runRelm(["version", "--cwd", repo2.dir, "--config", "relm.yml"]).stdout).toBe("1.2.4\n");
        // Without the configuration no tag matches the default format: a first release.
        expect(runRelm(["version", "--cwd", repo2.dir]).stdout).toBe("1.0.0\n");
      } finally {
        repo2.cleanup();
      }
    } finally {
      repo.cleanup();
    }
  });

  it("reads .relm.yml at the repository root when --cwd is a subdirectory", () => {
    const repo = createGitFixture();
    try {
      repo.commit("feat: first", { files: { ".relm.yml": 'tagFormat: "rel-${version}"\n', "src/a.txt": "1" } });
      repo.tag("rel-3.0.0");
      repo.commit("fix: x", { files: { "src/a.txt": "2" } });
      const run = runRelm(["version", "--cwd", join(repo.dir, "src")]);
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe("3.0.1\n");
    } finally {
      repo.cleanup();
    }
  });

  it("an invalid .relm.yml is a config error (exit 2) naming the key and line", () => {
    const repo = createGitFixture();
    try {
      repo.commit("feat: first", { files: { ".relm.yml": "tagFormat: v1\n" } });
      const run = runRelm(["plan", "--cwd", repo.dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(".relm.yml:1");
      expect(run.stderr).toContain("tagFormat");
      const missing = runRelm(["plan", "--cwd", repo.dir, "--config", "nope.yml"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("nope.yml");
    } finally {
      repo.cleanup();
    }
  });
});

describe("shallow clones", () => {
  it("are refused with a message that says how to fetch the history", () => {
    const origin = createGitFixture();
    try {
      origin.commit("feat: a", { files: { "a.txt": "1" } });
      origin.tag("v1.0.0");
      origin.commit("fix: b", { files: { "a.txt": "2" } });
      const shallow = shallowClone(origin.dir, 1);
      try {
        const run = runRelm(["plan", "--cwd", shallow.dir]);
        expect(run.code).not.toBe(0);
        expect(run.stderr).toMatch(/shallow/i);
        expect(run.stderr).toContain("fetch-depth: 0");
        expect(run.stdout).toBe("");
      } finally {
        shallow.cleanup();
      }
    } finally {
      origin.cleanup();
    }
  });
});

describe("relm changelog", () => {
  it("adds the release section once, and --dry-run writes nothing", () => {
    const repo = createGitFixture();
    try {
      repo.commit("feat: first", { files: { "a.txt": "1" } });
      repo.tag("v0.1.0");
      repo.commit("feat: second thing", { files: { "a.txt": "2" } });
      const dry = runRelm(["changelog", "--cwd", repo.dir, "--dry-run"]);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain("second thing");
      expect(existsSync(join(repo.dir, "CHANGELOG.md"))).toBe(false);

      const first = runRelm(["changelog", "--cwd", repo.dir]);
      expect(first.code).toBe(0);
      const text = readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8");
      expect(text).toContain("0.2.0");
      expect(text).toContain("second thing");

      const second = runRelm(["changelog", "--cwd", repo.dir]);
      expect(second.code).toBe(0);
      expect(readFileSync(join(repo.dir, "CHANGELOG.md"), "utf8")).toBe(text);
      const { json } = runRelmJson<{ files: Array<{ path: string; updated: boolean }> }>(["changelog", "--cwd", repo.dir]);
      expect(json.files).toEqual([{ path: "CHANGELOG.md", version: "0.2.0", updated: false }]);
    } finally {
      repo.cleanup();
    }
  });
});

describe("a monorepo with npm workspaces", () => {
  it("plans each package from its own tags and the paths its commits change", () => {
    const repo = createGitFixture();
    try {
      repo.commit("chore: init", {
        files: {
          "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"] }),
          "packages/a/package.json": JSON.stringify({ name: "@acme/a", version: "1.0.0" }),
          "packages/b/package.json": JSON.stringify({ name: "@acme/b", version: "2.0.0" }),
        },
      });
      repo.tag("@acme/a@1.0.0");
      repo.tag("@acme/b@2.0.0");
      repo.commit("feat(a): new thing in a", { files: { "packages/a/index.js": "1" } });
      repo.commit("fix: b bug", { files: { "packages/b/index.js": "1" } });
      const run = runRelm(["version", "--cwd", repo.dir]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe("@acme/a 1.1.0\n@acme/b 2.0.1\n");
      const { json } = runRelmJson<PlanJson>(["plan", "--cwd", repo.dir]);
      expect(json.mode).toBe("independent");
      expect(json.packages.find((p) => p.name === "@acme/a")?.commits.map((c) => c.subject)).toEqual(["feat(a): new thing in a"]);
    } finally {
      repo.cleanup();
    }
  });
});
