import type { BranchChannel } from "./branch-channel.ts";
// The plan: plain JSON-serialisable data. It goes into `--json` output, release records (registry)
// and risk classification (gate), so every field is a string, number, boolean, array or object.
import type { IssueReference } from "../commits/index.ts";
import type { Bump } from "./release-rules.ts";

export type PlanSchemaId = "relm.plan/1";
export type MonorepoMode = "single" | "independent" | "fixed";

export interface PlannedCommit {
  hash: string;
  shortHash: string;
  subject: string;
  /** The subject without its `type(scope)!: ` prefix. */
  description: string;
  type?: string;
  scope?: string;
  breaking: boolean;
  /** Texts of the BREAKING CHANGE footers (the description when only `!` marked it). */
  breakingNotes: string[];
  /** The bump this commit asks for under the project's rules. */
  bump: Bump;
  author: string;
  date: string;
  references: IssueReference[];
  /** Set when the commit reverts one released earlier (reverts inside the range cancel out instead). */
  reverts?: string;
}

export interface VersionRef {
  version: string;
  tag: string;
}

/** A workspace dependency released in the same plan. */
export interface DependencyUpdate {
  name: string;
  version: string;
}

export interface PackagePlan {
  name: string;
  /** Directory relative to the repository root; "." for the root. */
  path: string;
  /** The release this one follows: the highest version tag reachable from the target. */
  previous?: VersionRef & { commit: string };
  /** The last stable release when `previous` is a prerelease. */
  previousStable?: VersionRef & { commit: string };
  next?: VersionRef;
  /** The target commit already carries this package's release: nothing to release, and why. */
  alreadyReleased?: VersionRef & {
    /** What the release still lacks (its forge Release, its registry record), when the CLI looked: `relm release` completes it. */
    unfinished?: string[];
  };
  bump: Bump;
  released: boolean;
  /** Why there is no release, when `released` is false. */
  reason?: string;
  /**
   * Where `next` came from: the bump rules, a `Release-As:` footer, the initial version, the fixed
   * mode's shared version, or (independent mode) only a workspace dependency's release.
   */
  versionSource?: "bump" | "release-as" | "initial" | "fixed" | "dependency";
  /** Commits that count, newest first (reverts inside the range already cancelled out). */
  commits: PlannedCommit[];
  /** Revert pairs that cancelled out inside the range. */
  cancelledReverts: Array<{ revert: string; reverted: string }>;
  /** Paths changed by the commits of this release, sorted; absent when paths were not read. */
  touchedPaths?: string[];
  breakingChanges: number;
  /** Release notes as Markdown (empty when there is no release). */
  notes: string;
  /** Workspace dependencies released in the same plan, with their new versions. */
  dependencyUpdates?: DependencyUpdate[];
  /** The changelog file this package's notes go into (relative to the repository root). */
  changelogFile?: string;
}

export interface NonConventionalReport {
  count: number;
  /** The first ones (newest first), short hash and subject, capped so plans stay small. */
  commits: Array<{ shortHash: string; subject: string }>;
}

export interface ReleasePlan {
  schema: PlanSchemaId;
  /** Whether at least one package is released. "No release needed" is a normal plan. */
  released: boolean;
  /** Why nothing is released, when `released` is false. */
  reason?: string;
  mode: MonorepoMode;
  /** Prerelease channel of this plan (e.g. rc), when there is one. */
  channel?: string;
  /** The branch the plan is for and what `branches` in .relm.yml lets it release, when configured. */
  branch?: BranchChannel;
  range: {
    /** The target ref as asked and the commit it resolved to. */
    toRef: string;
    to: string;
    /** The override lower end, when given; otherwise each package starts at its previous tag. */
    fromRef?: string;
    from?: string;
  };
  repositoryUrl?: string;
  packages: PackagePlan[];
  /** Commits read in total (all packages' ranges, each commit once). */
  commitCount: number;
  mergeCommits: number;
  nonConventional: NonConventionalReport;
  /** Things worth a look that did not stop the plan (e.g. a Release-As not above the previous version). */
  warnings: string[];
}
