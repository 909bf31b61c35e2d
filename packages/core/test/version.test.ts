import { describe, expect, it } from "vitest";
import {
  commitBump,
  nextVersion,
  packageOwning,
  packagesFromManifests,
  parseCommit,
  previousRelease,
  tagFormat,
  versionTags,
  type NextVersionInput,
  type ReleaseRule,
  type TagRef,
} from "../src/index.ts";

const c = (message: string) =>
  parseCommit({ hash: "f".repeat(40), parents: [], authorName: "a", authorEmail: "a@x", authorDate: "2026-01-01T00:00:00Z", committerDate: "", message });

describe("commitBump", () => {
  it("defaults: feat minor, fix/perf patch, breaking major, the rest nothing", () => {
    expect(commitBump(c("feat: a"), [])).toBe("minor");
    expect(commitBump(c("fix: a"), [])).toBe("patch");
    expect(commitBump(c("perf: a"), [])).toBe("patch");
    expect(commitBump(c("docs!: a"), [])).toBe("major");
    expect(commitBump(c("chore: a"), [])).toBe("none");
    expect(commitBump(c("not conventional"), [])).toBe("none");
  });

  it("takes semantic-release releaseRules per type and scope, defaults when none match", () => {
    const rules: ReleaseRule[] = [
      { type: "build", release: "patch" },
      { type: "docs", scope: "readme.md", release: "patch" },
    ];
    expect(commitBump(c("build: bump node"), rules)).toBe("patch");
    expect(commitBump(c("docs(readme.md): typo"), rules)).toBe("patch");
    expect(commitBump(c("docs(api): typo"), rules)).toBe("none");
    expect(commitBump(c("feat: still minor"), rules)).toBe("minor");
  });

  it("release: false suppresses, scope globs match, the highest matching rule wins", () => {
    const rules: ReleaseRule[] = [
      { scope: "no-release", release: false },
      { type: "refactor", scope: "core-*", release: "minor" },
      { type: "refactor", release: "patch" },
    ];
    expect(commitBump(c("fix(no-release): hidden"), rules)).toBe("none");
    expect(commitBump(c("refactor(core-io): x"), rules)).toBe("minor");
    expect(commitBump(c("refactor(ui): x"), rules)).toBe("patch");
  });

  it("a rule without criteria matches every commit, conventional or not", () => {
    expect(commitBump(c("Update stuff"), [{ release: "patch" }])).toBe("patch");
  });
});

describe("nextVersion", () => {
  const base: NextVersionInput = { previousStable: "1.3.0", bump: "minor", preMajor: { breaking: "major", feat: "minor" }, initialVersion: "1.0.0" };
  it("bumps from the previous stable version", () => {
    expect(nextVersion(base)).toBe("1.4.0");
    expect(nextVersion({ ...base, bump: "major" })).toBe("2.0.0");
    expect(nextVersion({ ...base, bump: "patch" })).toBe("1.3.1");
    expect(nextVersion({ ...base, bump: "none" })).toBeUndefined();
  });

  it("starts at the initial version", () => {
    const { previousStable: _p, ...first } = base;
    expect(nextVersion(first)).toBe("1.0.0");
    expect(nextVersion({ ...first, initialVersion: "0.1.0" })).toBe("0.1.0");
  });

  it("pre-1.0: breaking goes to 1.0.0 by default, or stays in 0.x when configured; feat may be a patch", () => {
    const zero = { ...base, previousStable: "0.4.2" };
    expect(nextVersion({ ...zero, bump: "major" })).toBe("1.0.0");
    expect(nextVersion({ ...zero, bump: "major", preMajor: { breaking: "minor", feat: "minor" } })).toBe("0.5.0");
    expect(nextVersion({ ...zero, bump: "minor", preMajor: { breaking: "minor", feat: "patch" } })).toBe("0.4.3");
  });

  it("counts prereleases on a channel and graduates without one", () => {
    const rc = { ...base, channel: "rc" };
    expect(nextVersion(rc)).toBe("1.4.0-rc.0");
    expect(nextVersion({ ...rc, previousPrerelease: "1.4.0-rc.0", bump: "patch" })).toBe("1.4.0-rc.1");
    expect(nextVersion({ ...rc, previousPrerelease: "1.4.0-rc.1" })).toBe("1.4.0-rc.2");
    // a breaking change starts a new series above the running one
    expect(nextVersion({ ...rc, previousPrerelease: "1.4.0-rc.2", bump: "major" })).toBe("2.0.0-rc.0");
    // another channel's prerelease does not count
    expect(nextVersion({ ...rc, previousPrerelease: "1.4.0-beta.3" })).toBe("1.4.0-rc.0");
    // semantic-release numbering
    expect(nextVersion({ ...rc, prereleaseStart: 1 })).toBe("1.4.0-rc.1");
    // graduation: no channel, the previous stable is still 1.3.0
    expect(nextVersion({ ...base, previousPrerelease: "1.4.0-rc.2" })).toBe("1.4.0");
  });

  it("Release-As replaces the computed version and forces a release", () => {
    expect(nextVersion({ ...base, bump: "none", releaseAs: "3.0.0" })).toBe("3.0.0");
    expect(nextVersion({ ...base, channel: "rc", releaseAs: "3.0.0" })).toBe("3.0.0-rc.0");
    expect(nextVersion({ ...base, releaseAs: "3.0.0-beta.2" })).toBe("3.0.0-beta.2");
  });
});

describe("tag formats", () => {
  it("formats and parses v${version}, ${name}@${version} and ${name}-v${version}", () => {
    expect(tagFormat("v${version}").format("1.2.3")).toBe("v1.2.3");
    expect(tagFormat("v${version}").parse("v1.2.3-rc.1")).toBe("1.2.3-rc.1");
    // The v is optional on read (a project that added it has bare tags before); written always.
    expect(tagFormat("v${version}").parse("1.2.3")).toBe("1.2.3");
    expect(tagFormat("release-${version}").parse("1.2.3")).toBeUndefined();
    const scoped = tagFormat("${name}@${version}", "@acme/ui");
    expect(scoped.format("2.0.0")).toBe("@acme/ui@2.0.0");
    expect(scoped.parse("@acme/ui@2.0.0")).toBe("2.0.0");
    expect(scoped.parse("@acme/ui-kit@2.0.0")).toBeUndefined();
    expect(tagFormat("${name}-v${version}", "core").parse("core-v0.3.0")).toBe("0.3.0");
    expect(tagFormat("${name}-v${version}", "core").parse("core-extra-v0.3.0")).toBeUndefined();
  });

  it("refuses a template without ${version}", () => {
    expect(() => tagFormat("release")).toThrow(/RELM_TAG_FORMAT|\$\{version\}/);
  });
});

describe("previous release", () => {
  const tags: TagRef[] = [
    { name: "v1.0.0", commit: "c1", annotated: true },
    { name: "v1.1.0", commit: "c2", annotated: false },
    { name: "v1.1.0-rc.0", commit: "c2", annotated: true }, // several tags on one commit
    { name: "latest", commit: "c2", annotated: false }, // not semver
    { name: "v1.2", commit: "c2", annotated: false }, // not semver
    { name: "other@9.0.0", commit: "c2", annotated: false }, // another package
    { name: "v3.0.0", commit: "x9", annotated: true }, // on an unmerged branch
    { name: "v1.2.0-rc.1", commit: "c3", annotated: true },
  ];
  const reachable = new Set(["c1", "c2", "c3"]);
  const isReachable = async (commit: string) => reachable.has(commit);

  it("ignores tags outside the format and sorts by semver", () => {
    expect(versionTags(tags, tagFormat("v${version}")).map((t) => t.tag)).toEqual(["v3.0.0", "v1.2.0-rc.1", "v1.1.0", "v1.1.0-rc.0", "v1.0.0"]);
  });

  it("is the highest reachable version, not a higher tag on an unmerged branch", async () => {
    const prev = await previousRelease(versionTags(tags, tagFormat("v${version}")), isReachable);
    expect(prev.stable?.tag).toBe("v1.1.0");
    expect(prev.prerelease).toBeUndefined();
  });

  it("on a channel also finds the running prerelease above the last stable release", async () => {
    const prev = await previousRelease(versionTags(tags, tagFormat("v${version}")), isReachable, "rc");
    expect(prev.stable?.tag).toBe("v1.1.0");
    expect(prev.prerelease?.tag).toBe("v1.2.0-rc.1");
  });
});

describe("monorepo packages", () => {
  it("come from workspace manifests, skipping nameless ones", () => {
    const pkgs = packagesFromManifests([
      { path: "./packages/b/", manifest: { name: "b" } },
      { path: "packages/a", manifest: { name: "@x/a" } },
      { path: "packages/c", manifest: { private: true } },
      { path: "packages/d", manifest: null },
    ]);
    expect(pkgs).toEqual([
      { name: "@x/a", path: "packages/a" },
      { name: "b", path: "packages/b" },
    ]);
  });

  it("own paths by the longest directory; the root takes the rest", () => {
    const pkgs = [
      { name: "root", path: ".", tagFormat: "v${version}" },
      { name: "a", path: "packages/a", tagFormat: "" },
      { name: "a-sub", path: "packages/a/sub", tagFormat: "" },
    ];
    expect(packageOwning("packages/a/index.ts", pkgs)?.name).toBe("a");
    expect(packageOwning("packages/a/sub/x.ts", pkgs)?.name).toBe("a-sub");
    expect(packageOwning("packages/ab/x.ts", pkgs)?.name).toBe("root");
    expect(packageOwning("README.md", pkgs.slice(1))).toBeUndefined();
  });
});
