import { semver } from "../version/semver.ts";
import { parseCommit, type ConventionalCommit } from "../commits/index.ts";
import { keptCommit } from "../commits/kept-commit.ts";
import { RelmError } from "../errors.ts";
import { forgeStyleOf, repositoryLinks, type ForgeStyle } from "../notes/repository-links.ts";
import type { Config } from "../policy/config-schema.ts";
import type { CommitAuthors } from "../ports/commit-authors.ts";
import type { Git, LogQuery, RawCommit, TagRef } from "../ports/git.ts";
import { planPackage, type PackageOutcome, type PackagePlanInput } from "../version/package-plan.ts";
import { normalisePath, packageOwning, packagesTouched, type PlannedPackage } from "../version/packages.ts";
import { highestStable, previousRelease, versionTags, type PreviousRelease } from "../version/previous-release.ts";
import { reachabilityFrom } from "../version/reachability.ts";
import type { MonorepoMode, PackagePlan, ReleasePlan } from "../version/release-plan.ts";
import { higherBump, type Bump } from "../version/release-rules.ts";
import { nextVersion } from "../version/next-version.ts";
import { assertInRange, branchChannel } from "../version/branch-channel.ts";
import { withTargetTags } from "../version/already-released.ts";
import { tagFormat } from "../version/tag-format.ts";
import { readEarly } from "./early-read.ts";
import { creditAuthors } from "./plan-credits.ts";

export interface PlanRequest {
  config: Config;
  /** Target ref (default HEAD). */
  to?: string;
  /** Lower end override (exclusive); default: each package's previous release tag. */
  from?: string;
  /** Web URL of the repository for links; default config.repository. */
  repositoryUrl?: string;
  /** URL style of links; default guessed from the host. */
  forge?: ForgeStyle;
  /** Packages found from npm workspaces by the adapter; used when config.packages is absent. */
  workspacePackages?: ReadonlyArray<{ name: string; path: string }>;
  /** The branch being released (from CI or git); read against config.branches when that is set. */
  branch?: string;
  /** Prerelease channel override: a channel name, or null for a stable release whatever the config says. */
  channel?: string | null;
  /** Release date for the notes (YYYY-MM-DD); default the newest commit's date, so plans are reproducible. */
  date?: string;
  /** Read the changed paths of every commit (always done in a monorepo); costs a diff per commit. */
  includePaths?: boolean;
}

export interface PlanPorts {
  git: Git;
  /** The forge's logins of commit authors, when the run has a forge token; without it the notes name git authors. */
  authors?: CommitAuthors;
}

const NON_CONVENTIONAL_LISTED = 50;

function packagesOf(config: Config, workspaces: PlanRequest["workspacePackages"]): { mode: MonorepoMode; packages: PlannedPackage[] } {
  const declared = config.packages ?? (workspaces && workspaces.length > 0 ? workspaces : undefined);
  if (!declared || declared.length === 0) {
    return { mode: "single", packages: [{ name: config.project ?? "", path: ".", tagFormat: config.tagFormat }] };
  }
  const packages = declared.map((p) => ({
    name: p.name,
    path: normalisePath(p.path),
    tagFormat: ("tagFormat" in p && typeof p.tagFormat === "string" ? p.tagFormat : undefined) ?? config.monorepo.tagFormat,
  }));
  return { mode: config.monorepo.mode, packages };
}

/** A package's parsed package.json at the target commit; undefined (with a warning when unreadable) when there is none. */
async function manifestAt(git: Git, to: string, path: string, warnings: string[]): Promise<unknown> {
  const file = path === "." ? "package.json" : `${path}/package.json`;
  const text = await git.readFile(to, file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    warnings.push(`${file} is not valid JSON: its workspace dependencies are not followed`);
    return undefined;
  }
}

function shallowCloneError(): RelmError {
  return new RelmError("RELM_SHALLOW_CLONE", "usage", "the repository is a shallow clone: relm needs the full history and tags to find the previous release", {
    hint: "In GitHub Actions set `fetch-depth: 0` on actions/checkout; in GitLab CI set GIT_DEPTH: 0; locally run `git fetch --unshallow --tags`.",
  });
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}

/**
 * The release plan: per package the previous release (highest version tag reachable from the
 * target), the commits since, the bump, the next version and tag, and the notes. "No release
 * needed" is a plan with `released: false` and a reason, not an error.
 */
export async function planRelease(ports: PlanPorts, request: PlanRequest): Promise<ReleasePlan> {
  const { git } = ports;
  const { config } = request;
  const toRef = request.to ?? "HEAD";
  // Independent reads side by side (each is a git process); settled, then looked at in the order
  // they used to run, so a shallow clone still fails as one before a bad ref does.
  const [shallow, resolvedTo, resolvedFrom, allTags] = await Promise.allSettled([
    git.isShallow(),
    git.resolve(toRef),
    request.from !== undefined ? git.resolve(request.from) : undefined,
    git.tags(),
  ]);
  if (valueOf(shallow)) throw shallowCloneError();
  const to = valueOf(resolvedTo);
  const from = valueOf(resolvedFrom);
  // With `branches` the branch decides the prerelease id, numbered from 1 as semantic-release does.
  const onBranch = branchChannel(config.branches, request.branch);
  const channel = request.channel === null ? undefined : (request.channel ?? (onBranch ? onBranch.prerelease : config.prerelease));
  const prereleaseStart = onBranch?.prerelease !== undefined ? 1 : config.prereleaseStart;
  const { mode, packages } = packagesOf(config, request.workspacePackages);
  const monorepo = mode !== "single";
  const includePaths = monorepo || request.includePaths === true;
  const repositoryUrl = request.repositoryUrl ?? config.repository;
  const links = repositoryUrl !== undefined ? repositoryLinks(repositoryUrl, request.forge ?? forgeStyleOf(repositoryUrl)) : undefined;
  const tags: TagRef[] = valueOf(allTags);
  const reachable = reachabilityFrom(git, to);

  // Each commit is parsed once, however many packages or ranges it shows up in.
  const parsed = new Map<string, ConventionalCommit>();
  let mergeCommits = 0;
  const nonConventional: ReleasePlan["nonConventional"] = { count: 0, commits: [] };
  const parse = (raw: RawCommit): ConventionalCommit => parsed.get(raw.hash) ?? keptCommit(parseCommit(raw, config.preset, { kept: true }));
  // Counted once each, in the order the reads that are kept list them.
  const counted = (commits: ConventionalCommit[]): ConventionalCommit[] => {
    for (const c of commits) {
      if (parsed.has(c.hash)) continue;
      parsed.set(c.hash, c);
      if (c.merge) mergeCommits++;
      else if (!c.conventional && c.revert === undefined) {
        nonConventional.count++;
        if (nonConventional.commits.length < NON_CONVENTIONAL_LISTED) nonConventional.commits.push({ shortHash: c.shortHash, subject: c.subject });
      }
    }
    return commits;
  };
  const read = async (query: LogQuery): Promise<ConventionalCommit[]> => {
    const out: ConventionalCommit[] = [];
    for await (const raw of git.log(query)) out.push(parse(raw));
    return counted(out);
  };
  const logQuery = (lower: string | undefined, pkg: PlannedPackage | undefined): LogQuery => ({
    to,
    ...(lower !== undefined ? { from: lower } : {}),
    ...(includePaths ? { withFiles: true } : {}),
    ...(pkg && pkg.path !== "." ? { paths: [pkg.path] } : {}),
  });
  const ownedBy = (pkg: PlannedPackage) => (c: ConventionalCommit) => !monorepo || packagesTouched(c.files ?? [], packages).has(pkg);

  const candidates = new Map(packages.map((pkg) => [pkg, versionTags(tags, tagFormat(pkg.tagFormat, pkg.name))]));
  // One package's range nearly always starts at its highest stable tag (or at --from): its log is
  // read at once, tells whether that tag is reachable (the range is unfiltered: a single package is
  // the whole tree), and is kept when the range does start there. One git process less, and one wait.
  const single = mode === "single" ? packages[0] : undefined;
  const guess = single ? (from ?? highestStable(candidates.get(single) ?? [])?.commit) : undefined;
  const early = single ? readEarly(git.log(logQuery(guess, single)), guess, parse) : undefined;
  const readRange = async (lower: string | undefined, pkg: PlannedPackage): Promise<ConventionalCommit[]> => {
    const taken = pkg === single ? await early?.take(lower) : undefined;
    return taken ? counted(taken) : read(logQuery(lower, pkg));
  };
  const told = async (commit: string): Promise<boolean | undefined> => (commit === guess && commit !== to ? early?.reachesFrom() : undefined);
  const reachableOrTold = async (commit: string): Promise<boolean> => (await told(commit)) ?? reachable(commit);
  const previous = new Map<PlannedPackage, PreviousRelease>();
  // --from sets the base version too: the release as of that commit, not the one before the target.
  const reachableBase = from !== undefined ? reachabilityFrom(git, from) : reachableOrTold;
  try {
    for (const pkg of packages) previous.set(pkg, await previousRelease(candidates.get(pkg) ?? [], reachableBase, channel));
  } catch (error) {
    early?.drop();
    throw error;
  }
  const base = (pkg: PlannedPackage): Omit<PackagePlanInput, "commits" | "previous"> => ({
    name: pkg.name,
    path: pkg.path,
    format: tagFormat(pkg.tagFormat, pkg.name),
    rules: config.releaseRules,
    preMajor: config.preMajor,
    initialVersion: config.initialVersion,
    prereleaseStart,
    ...(channel !== undefined ? { channel } : {}),
    ...(config.notes.sections ? { sections: config.notes.sections } : {}),
    authors: config.notes.authors,
    ...(links ? { links } : {}),
    ...(request.date !== undefined ? { date: request.date } : {}),
    includePaths,
    ...(monorepo ? { ownsPath: (f: string) => packageOwning(f, packages) === pkg } : {}),
    ...(config.changelog !== false ? { changelogFile: pkg.path === "." ? config.changelog.file : `${pkg.path}/${config.changelog.file}` } : {}),
  });
  // On a channel the notes list only what came since the last prerelease; the bump counts from the last stable release.
  const notesOnly = async (prev: PreviousRelease, pkg: PlannedPackage | undefined): Promise<Set<string> | undefined> => {
    if (channel === undefined || prev.prerelease === undefined || from !== undefined) return undefined;
    return new Set((await read(logQuery(prev.prerelease.commit, pkg))).map((c) => c.hash));
  };

  const finals: PackageOutcome[] = [];
  const warnings: string[] = [];
  if (mode === "fixed") {
    // Lockstep: one version for all, from the highest previous release of any package and the highest bump.
    let shared: PreviousRelease = {};
    for (const prev of previous.values()) {
      if (prev.stable && (!shared.stable || semver.gt(prev.stable.version, shared.stable.version))) shared = { ...shared, stable: prev.stable };
      if (prev.prerelease && (!shared.prerelease || semver.gt(prev.prerelease.version, shared.prerelease.version))) shared = { ...shared, prerelease: prev.prerelease };
    }
    const all = await read(logQuery(from ?? shared.stable?.commit, undefined));
    const onlyNotes = await notesOnly(shared, undefined);
    let bump: Bump = "none";
    const inputs = packages.map((pkg) => {
      // Dated by the release's newest commit: a package without commits of its own has none to date it by.
      const dated = request.date === undefined && all[0] !== undefined ? { date: all[0].authorDate } : {};
      const since = onlyNotes ? shared.prerelease?.commit : (from ?? shared.stable?.commit);
      const input: PackagePlanInput = {
        ...base(pkg), ...dated, previous: previous.get(pkg) ?? {}, commits: all.filter(ownedBy(pkg)),
        ...(onlyNotes ? { notesOnly: onlyNotes } : {}), ...(since !== undefined ? { notesSince: since } : {}),
      };
      bump = higherBump(bump, planPackage(input).bump);
      return input;
    });
    const version = nextVersion({
      ...(shared.stable ? { previousStable: shared.stable.version } : {}),
      ...(shared.prerelease ? { previousPrerelease: shared.prerelease.version } : {}),
      bump,
      preMajor: config.preMajor,
      ...(channel !== undefined ? { channel } : {}),
      initialVersion: config.initialVersion,
      prereleaseStart,
    });
    for (const input of inputs) finals.push(planPackage({ ...input, ...(version !== undefined ? { fixedVersion: version } : {}) }));
  } else {
    const inputs = new Map<string, PackagePlanInput>();
    const outcomes = new Map<string, PackageOutcome>();
    for (const pkg of packages) {
      const prev = previous.get(pkg) ?? {};
      const commits = (await readRange(from ?? prev.stable?.commit, pkg)).filter(ownedBy(pkg));
      const onlyNotes = await notesOnly(prev, pkg);
      const since = onlyNotes ? prev.prerelease?.commit : (from ?? prev.stable?.commit);
      const input: PackagePlanInput = {
        ...base(pkg), previous: prev, commits, ...(onlyNotes ? { notesOnly: onlyNotes } : {}), ...(since !== undefined ? { notesSince: since } : {}),
      };
      inputs.set(pkg.name, input);
      outcomes.set(pkg.name, planPackage(input));
    }
    const dependents = config.monorepo.dependents;
    if (mode === "independent" && dependents !== "none" && [...outcomes.values()].some((o) => o.plan.released)) {
      const manifests = await Promise.all(
        packages.map(async (pkg) => {
          const stable = previous.get(pkg)?.stable?.version;
          return { package: pkg.name, path: pkg.path, manifest: await manifestAt(git, to, pkg.path, warnings), ...(stable ? { releasedVersion: stable } : {}) };
        }),
      );
      const newest = [...parsed.values()].map((c) => c.authorDate).sort().at(-1);
      // Loaded here: following dependencies needs semver's ranges, which no other plan does.
      const { dependencyGraph, planDependents } = await import("../version/dependents.ts");
      for (const [name, outcome] of planDependents(inputs, outcomes, dependencyGraph(manifests), dependents, newest)) outcomes.set(name, outcome);
    }
    for (const pkg of packages) {
      const outcome = outcomes.get(pkg.name);
      if (outcome !== undefined) finals.push(outcome);
    }
  }
  for (const o of finals) warnings.push(...o.warnings);
  const targeted = withTargetTags(finals, packages.map((pkg) => ({ name: pkg.name, candidates: candidates.get(pkg) ?? [] })), { to, channel, tags }, warnings);
  const plans: PackagePlan[] = targeted.map((o) => o.plan);
  for (const p of plans) await assertInRange(onBranch, p.released ? p.next?.version : undefined);
  const released = plans.some((p) => p.released);
  // Logins only decorate the notes: asked for once the versions are decided, only for what is released.
  if (released && ports.authors !== undefined && config.notes.logins && config.notes.authors) {
    await creditAuthors(git, ports.authors, targeted, { newContributors: config.notes.newContributors });
  }
  const plan: ReleasePlan = {
    schema: "relm.plan/1",
    released,
    mode,
    range: { toRef, to, ...(request.from !== undefined && from !== undefined ? { fromRef: request.from, from } : {}) },
    packages: plans,
    commitCount: parsed.size,
    mergeCommits,
    nonConventional,
    warnings,
  };
  if (!released) plan.reason = plans.length === 1 ? (plans[0]?.reason ?? "no release needed") : monorepoReason(plans);
  if (channel !== undefined) plan.channel = channel;
  if (onBranch !== undefined) plan.branch = onBranch;
  if (repositoryUrl !== undefined) plan.repositoryUrl = repositoryUrl;
  return plan;
}

function monorepoReason(plans: readonly PackagePlan[]): string {
  const tagged = plans.flatMap((p) => (p.alreadyReleased ? [`${p.name} ${p.alreadyReleased.version}`] : []));
  return tagged.length > 0 ? `already released: ${tagged.join(", ")}` : "no package has release-worthy changes";
}
