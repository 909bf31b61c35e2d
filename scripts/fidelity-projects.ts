// The projects the fidelity script replays: how their release tags are spelled, the release rules
// they used (as .relm.yml), and the known reasons a release differs from what those rules give.
import semver from "semver";
import type { PackagePlan, ReleasePlan, TagRef } from "@relm/core";

export interface ReleaseTag {
  tag: string;
  pkg: string;
  version: string;
  commit: string;
  /** Sort key within the package (semver order). */
  order: number;
}

/** A release where relm and the project disagree, with what the explanation may look at. */
export interface Miss {
  release: ReleaseTag;
  predicted: string | undefined;
  plan: ReleasePlan;
  pkg: PackagePlan;
  tags: TagRef[];
}

export interface Project {
  name: string;
  /** The release tool and rules the project used. */
  rules: string;
  tagFormatOf(pkg: string): string;
  /** The release a tag stands for; undefined for tags that are not releases. */
  releaseOf(tag: string, commit?: string): ReleaseTag | undefined;
  /**
   * Whether the tool that cut this release also released the dependents of every released package
   * (lerna does): then all of the workspace's packages are planned together, from their manifests.
   */
  releasesDependents?(release: ReleaseTag): boolean;
  /** The project's release rules as .relm.yml, for the package of this release (or the whole workspace, when given). */
  configYaml(release: ReleaseTag, workspace?: ReadonlyArray<{ name: string; path: string }>): string;
  /** A known reason for a disagreement, or undefined when there is none (a relm bug to fix). */
  explain(miss: Miss): string | undefined;
}

function orderOf(version: string): number {
  const v = semver.parse(version);
  if (!v) return 0;
  return v.major * 1e8 + v.minor * 1e5 + v.patch * 10 + (v.prerelease.length > 0 ? 0 : 5);
}

function release(tag: string, pkg: string, version: string, commit = ""): ReleaseTag | undefined {
  return semver.valid(version) ? { tag, pkg, version, commit, order: orderOf(version) } : undefined;
}

/** Reasons shared by every project: facts read from the history and its tags, not assumed. */
function commonReason(project: Project, miss: Miss): string | undefined {
  const { release: rel, predicted, pkg: plan } = miss;
  const tags = miss.tags.map((t) => t.name);
  const prev = plan.previous;
  if (prev === undefined) return undefined;
  if (prev.commit === rel.commit) return `re-released: ${rel.tag} is on the same commit as ${prev.tag} (a second publish of the same code)`;
  if (semver.lte(rel.version, prev.version)) return `tagged ${rel.version} although ${prev.tag} is already reachable from it (an older line re-tagged)`;
  const between = (v: string) => semver.gt(v, prev.version) && semver.lt(v, rel.version);
  const releases = tags.map((t) => project.releaseOf(t)).filter((r): r is ReleaseTag => r?.pkg === rel.pkg && between(r.version));
  const unreachable = releases.find((r) => semver.prerelease(r.version) === null);
  if (unreachable) {
    return `the release before it, ${unreachable.tag}, was cut from a commit that is not an ancestor of ${rel.tag} (the tool took the last version from npm, not from git history)`;
  }
  const misspelled = tags.find((t) => semver.valid(t) !== null && !t.startsWith("v") && between(t));
  if (misspelled) return `the release before it was tagged ${JSON.stringify(misspelled)}, outside the tag format, so git history does not show it as a release`;
  if (predicted === undefined) {
    const types = [...new Set(plan.commits.map((c) => (c.scope ? `${c.type}(${c.scope})` : c.type)))].join(", ");
    return `released without a releasable commit: the ${plan.commits.length} conventional commit(s) since ${prev.tag} (${types || "none"}) hold nothing the project's rules release, so the release was forced (the history does not say how)`;
  }
  if (!tags.includes(rel.tag.replace(rel.version, predicted)) && semver.lt(predicted, rel.version) && semver.diff(prev.version, predicted) === semver.diff(prev.version, rel.version)) {
    return `same bump (${semver.diff(prev.version, predicted)}) from ${prev.tag}, but ${predicted} has no tag in the history: it was released without a tag (or the tag was deleted), so git cannot show it as the previous release`;
  }
  const level = (v: string) => (semver.major(v) !== semver.major(prev.version) ? "major" : semver.minor(v) !== semver.minor(prev.version) ? "minor" : "patch");
  const rank = { none: 0, patch: 1, minor: 2, major: 3 } as const;
  if (semver.gt(rel.version, predicted) && rank[level(rel.version)] > rank[plan.bump]) {
    return `released a ${level(rel.version)} although no commit since ${prev.tag} asks for more than a ${plan.bump} under the project's rules: the maintainers chose the bump`;
  }
  return undefined;
}

const semanticRelease: Project = {
  name: "semantic-release",
  rules: "semantic-release defaults: angular preset, default releaseRules",
  tagFormatOf: () => "v${version}",
  releaseOf: (tag, commit) => (/^v\d/.test(tag) ? release(tag, "semantic-release", tag.slice(1), commit) : undefined),
  // semantic-release numbers prereleases from 1 (beta.1, beta.2, ...).
  configYaml: () => "preset: angular\nprereleaseStart: 1\n",
  explain(miss) {
    return commonReason(this, miss);
  },
};

const releasePlease: Project = {
  name: "release-please",
  rules: "release-please node strategy: feat minor, fix/deps patch, breaking major, Release-As; chore/build are not releasable units",
  tagFormatOf: () => "v${version}",
  releaseOf: (tag, commit) => (/^v\d/.test(tag) ? release(tag, "release-please", tag.slice(1), commit) : undefined),
  // release-please's releasable units are feat, fix and deps (plus breaking changes).
  configYaml: () => "releaseRules:\n  - { type: deps, release: patch }\n",
  explain(miss) {
    return commonReason(this, miss);
  },
};

const CC_TAG = /^(.+?)(@|-v)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
type Era = "root" | "lerna" | "release-please";
const eraOf = (tag: string): Era => (/^v\d/.test(tag) ? "root" : CC_TAG.exec(tag)?.[2] === "@" ? "lerna" : "release-please");

// Its history has three eras, each with its own tool and rules:
// - root (v0.0.4 ... v1.1.0): one package, 0.x with conventional-recommended-bump's preMajor rules;
// - lerna (name@x.y.z, 2017-2021): `lerna publish --conventional-commits`, independent mode, angular
//   preset; lerna releases every changed package at least as a patch, keeps breaking changes in 0.x
//   at minor, and also releases (patch) every package whose dependencies, devDependencies or
//   optionalDependencies name a released one, transitively: relm's `monorepo.dependents: patch`;
// - release-please (name-vx.y.z, 2021-): manifest releaser, conventionalcommits preset.
const eraConfig: Record<Era, string[]> = {
  root: ["preMajor: { breaking: minor, feat: patch }"],
  lerna: [
    "preset: angular",
    // Own rules replace the defaults for the commits they match (semantic-release style), so the
    // defaults are spelled out above the catch-all patch.
    "releaseRules:",
    "  - { breaking: true, release: major }",
    "  - { type: feat, release: minor }",
    // lerna releases a package whenever a commit changed it, conventional or not: a rule with no
    // criteria matches every commit.
    "  - { release: patch }",
  ],
  "release-please": [],
};

const conventionalChangelog: Project = {
  name: "conventional-changelog",
  rules: "three eras: single package (v0.x), lerna --conventional-commits (name@x.y.z), release-please manifest (name-vx.y.z)",
  tagFormatOf: (pkg) => (pkg === "(root)" ? "v${version}" : "${name}@${version}"),
  releaseOf(tag, commit) {
    if (/^v\d/.test(tag)) return release(tag, "(root)", tag.slice(1), commit);
    const m = CC_TAG.exec(tag);
    return m?.[1] && m[3] ? release(tag, m[1], m[3], commit) : undefined;
  },
  releasesDependents: (rel) => rel.pkg !== "(root)" && eraOf(rel.tag) === "lerna",
  configYaml(rel, workspace) {
    const era = eraConfig[eraOf(rel.tag)];
    if (rel.pkg === "(root)") return `${era.join("\n")}\n`;
    const packages = workspace ?? [{ name: rel.pkg, path: `packages/${rel.pkg}` }];
    return [
      ...era,
      "monorepo:",
      "  mode: independent",
      // release-please's manifest config here has no node-workspace plugin: no dependents.
      `  dependents: ${eraOf(rel.tag) === "lerna" ? "patch" : "none"}`,
      "packages:",
      ...packages.flatMap((p) => [`  - name: ${JSON.stringify(p.name)}`, `    path: ${JSON.stringify(p.path)}`]),
      "",
    ].join("\n");
  },
  explain(miss) {
    const common = commonReason(this, miss);
    if (common !== undefined && !common.startsWith("released without a releasable commit")) return common;
    const { release: rel, predicted, pkg } = miss;
    const era = eraOf(rel.tag);
    const together = miss.tags.filter((t) => t.commit === rel.commit && t.name !== rel.tag && this.releaseOf(t.name)?.pkg !== rel.pkg);
    if (era === "lerna" && predicted === undefined) {
      // The plan covers the whole workspace (releasesDependents), so it says what else moved.
      const released = miss.plan.packages.filter((p) => p.released);
      const published = together.map((t) => t.name);
      if (released.length === 0) {
        return `forced publish: no package of the workspace changed since its last release, yet ${together.length + 1} were published in one run (lerna publish --force-publish; e.g. ${published[0] ?? rel.tag})`;
      }
      const untagged = released.filter((p) => p.versionSource === "initial" && published.some((t) => this.releaseOf(t)?.pkg === p.name));
      if (untagged.length > 0) {
        return `its dependency ${untagged[0]?.name} had no release under the workspace's tag format yet (this run is its first), so the replay has no manifest for it and cannot draw the edge`;
      }
      // Under the catch-all patch rule any commit of its own releases it: it had none.
      return `forced: no commit of its own and none of its workspace dependencies released by its manifests (${released.map((p) => p.name).join(", ")} were); lerna published it anyway (--force-publish)`;
    }
    if (common !== undefined) return common;
    const prevTag = pkg.previous?.tag;
    if (prevTag !== undefined && this.releaseOf(prevTag) && eraOf(prevTag) !== era && eraOf(prevTag) !== "root") {
      return `first ${era} release after the switch from ${eraOf(prevTag)} (${prevTag}): the new tool took its baseline from its own manifest, not from the old tags`;
    }
    const foreign = pkg.commits.filter((c) => c.breaking && c.scope !== undefined && !c.scope.split(",").map((x) => x.trim()).includes(rel.pkg));
    if (foreign.length > 0 && predicted !== undefined && semver.gt(predicted, rel.version)) {
      return `breaking change ${foreign[0]?.shortHash} is scoped to other packages (${foreign[0]?.scope}) and only touched this package's files on the way; the project's tool went by scope, relm by path`;
    }
    return undefined;
  },
};

export const projects: Project[] = [semanticRelease, releasePlease, conventionalChangelog];
