import { semver } from "./semver.ts";
import { cancelReverts, type ConventionalCommit } from "../commits/index.ts";
import type { NotesSection, ReleaseRule } from "../policy/versioning-schema.ts";
import { renderNotes, type NotesInput } from "../notes/render-notes.ts";
import type { RepositoryLinks } from "../notes/repository-links.ts";
import { effectiveBump, nextVersion, type PreMajorRules } from "./next-version.ts";
import type { PreviousRelease } from "./previous-release.ts";
import type { DependencyUpdate, PackagePlan, PlannedCommit } from "./release-plan.ts";
import { commitBump, higherBump, type Bump } from "./release-rules.ts";
import type { TagFormat } from "./tag-format.ts";

export interface PackagePlanInput {
  name: string;
  path: string;
  format: TagFormat;
  previous: PreviousRelease;
  /** The package's commits in the range, newest first. */
  commits: readonly ConventionalCommit[];
  /** On a channel: hashes of the commits since the last prerelease (the notes show only those). */
  notesOnly?: ReadonlySet<string>;
  rules: readonly ReleaseRule[];
  preMajor: PreMajorRules;
  initialVersion: string;
  prereleaseStart?: 0 | 1;
  channel?: string;
  /** Fixed mode: the version every package gets, decided across all of them. */
  fixedVersion?: string;
  sections?: readonly NotesSection[];
  authors: boolean;
  links?: RepositoryLinks;
  date?: string;
  includePaths: boolean;
  /** Monorepo: whether a path belongs to this package (touched paths list only its own). */
  ownsPath?: (path: string) => boolean;
  changelogFile?: string;
  /** Independent mode: the least this package is bumped by, because a workspace dependency of it is released. */
  minimumBump?: Bump;
  /** Workspace dependencies released in the same plan, with their new versions (listed in the notes). */
  dependencyUpdates?: ReadonlyArray<DependencyUpdate>;
  /** The commit the notes start after (the previous release, the last prerelease on a channel, or --from); absent from the root. */
  notesSince?: string;
}

/** What a released package's notes were rendered from, so that the plan can credit authors on them afterwards. */
export interface NotesSource {
  input: NotesInput;
  /** The commits of the range the notes cover, newest first (merges and hidden types included). */
  commits: readonly ConventionalCommit[];
  since?: string;
}

export interface PackageOutcome {
  plan: PackagePlan;
  warnings: string[];
  /** The bump before any Release-As or fixed-mode decision (fixed mode takes the highest). */
  bump: Bump;
  /** Set when the package is released. */
  notes?: NotesSource;
}

function planned(c: ConventionalCommit, bump: Bump): PlannedCommit {
  const p: PlannedCommit = {
    hash: c.hash,
    shortHash: c.shortHash,
    subject: c.subject,
    description: c.description,
    breaking: c.breaking,
    breakingNotes: c.breakingNotes,
    bump,
    author: c.authorName,
    date: c.authorDate,
    references: c.references,
  };
  if (c.type !== undefined) p.type = c.type;
  if (c.scope !== undefined) p.scope = c.scope;
  if (c.revert) p.reverts = c.revert.hash ?? c.revert.header ?? "";
  return p;
}

/** The plan of one package from its classified commits: bump, next version and tag, notes. Pure. */
export function planPackage(input: PackagePlanInput): PackageOutcome {
  const warnings: string[] = [];
  const { kept, cancelled } = cancelReverts(input.commits);
  const commits: PlannedCommit[] = [];
  let bump: Bump = "none";
  let releaseAs: string | undefined;
  const paths = new Set<string>();
  for (const c of kept) {
    if (c.merge && !c.conventional) continue;
    const b = commitBump(c, input.rules);
    bump = higherBump(bump, b);
    if (releaseAs === undefined && c.releaseAs !== undefined) releaseAs = c.releaseAs;
    if (c.conventional || c.revert || c.breaking) commits.push(planned(c, b));
    if (input.includePaths && c.files) for (const f of c.files) if (!input.ownsPath || input.ownsPath(f)) paths.add(f);
  }
  const own = bump;
  if (input.minimumBump !== undefined) bump = higherBump(bump, input.minimumBump);
  const prev = input.channel !== undefined && input.previous.prerelease ? input.previous.prerelease : input.previous.stable;
  const stable = input.previous.stable;
  if (releaseAs !== undefined && stable !== undefined && !semver.gt(releaseAs, stable.version)) {
    warnings.push(`${input.name || "release"}: Release-As ${releaseAs} ignored: not above the previous version ${stable.version}`);
    releaseAs = undefined;
  }
  const plan: PackagePlan = {
    name: input.name,
    path: input.path,
    // The level the version moves by: after the 0.x rules, which is what readers and risk rules care about.
    bump: effectiveBump(bump, stable?.version, input.preMajor),
    released: false,
    commits,
    cancelledReverts: cancelled,
    breakingChanges: commits.filter((c) => c.breaking).length,
    notes: "",
  };
  if (prev) plan.previous = { version: prev.version, tag: prev.tag, commit: prev.commit };
  if (prev !== stable && stable) plan.previousStable = { version: stable.version, tag: stable.tag, commit: stable.commit };
  if (input.includePaths) plan.touchedPaths = [...paths].sort();
  if (input.changelogFile !== undefined) plan.changelogFile = input.changelogFile;
  if (input.dependencyUpdates !== undefined && input.dependencyUpdates.length > 0) plan.dependencyUpdates = [...input.dependencyUpdates];

  const version =
    input.fixedVersion ??
    nextVersion({
      ...(stable ? { previousStable: stable.version } : {}),
      ...(input.previous.prerelease ? { previousPrerelease: input.previous.prerelease.version } : {}),
      bump,
      preMajor: input.preMajor,
      ...(input.channel !== undefined ? { channel: input.channel } : {}),
      initialVersion: input.initialVersion,
      ...(input.prereleaseStart !== undefined ? { prereleaseStart: input.prereleaseStart } : {}),
      ...(releaseAs !== undefined ? { releaseAs } : {}),
    });
  if (version === undefined) {
    const since = prev ? ` since ${prev.tag}` : "";
    plan.reason =
      kept.length === 0
        ? input.commits.length === 0
          ? `no commits${since}`
          : `every change${since} was reverted`
        : `no release-worthy changes${since} (${kept.length} commit${kept.length === 1 ? "" : "s"}, none a feature, fix or breaking change under the release rules)`;
    return { plan, warnings, bump };
  }
  plan.released = true;
  plan.versionSource =
    input.fixedVersion !== undefined ? "fixed" : releaseAs !== undefined ? "release-as" : stable === undefined ? "initial" : own === "none" ? "dependency" : "bump";
  const tag = input.format.format(version);
  plan.next = { version, tag };
  const shown = input.notesOnly ? commits.filter((c) => input.notesOnly?.has(c.hash)) : commits;
  const notes: NotesInput = {
    version,
    tag,
    ...(prev ? { previousTag: prev.tag } : {}),
    date: (input.date ?? kept[0]?.authorDate ?? "").slice(0, 10),
    commits: shown,
    ...(plan.dependencyUpdates ? { dependencies: plan.dependencyUpdates } : {}),
    ...(input.sections ? { sections: input.sections } : {}),
    authors: input.authors,
    ...(input.links ? { links: input.links } : {}),
  };
  plan.notes = renderNotes(notes);
  const covered = input.notesOnly ? input.commits.filter((c) => input.notesOnly?.has(c.hash)) : input.commits;
  return { plan, warnings, bump, notes: { input: notes, commits: covered, ...(input.notesSince !== undefined ? { since: input.notesSince } : {}) } };
}
