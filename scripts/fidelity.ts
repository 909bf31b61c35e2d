// Fidelity: replays real project histories (test/fixtures/histories/*.history.jsonl.gz) and, for every
// release tag, asks relm's planner what version the release after the previous one should have
// been, with that project's own release rules. Prints the agreement per repository and every
// disagreement with its reason. A monorepo whose tool released dependents is planned as a whole, its
// package.json files made up from the published manifests beside the history
// (scripts/fidelity-manifests.ts). Usage: npm run fidelity [-- name ...] [--verbose]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, planRelease, tagFormat, type Git, type ReleasePlan, type TagRef } from "@relm/core";
import { gitRepository } from "@relm/git";
import semver from "semver";
import { projects, type Project, type ReleaseTag } from "./fidelity-projects.ts";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const dataDir = join(repoRoot, "test", "fixtures", "histories");
const replayTool = join(repoRoot, "test", "support", "replay-history.mjs");

// Commits release tools make themselves: lerna's "Publish", release-please's "chore: release x", "chore(release): x".
const RELEASE_COMMIT = /^(?:Publish$|chore(?:\((?:release|main|master)\))?: release\b|chore\(release\):)/;

function subjectOf(dir: string, commit: string): string {
  return execFileSync("git", ["log", "-1", "--format=%s", commit, "--"], { cwd: dir, encoding: "utf8" }).trim();
}

interface Outcome {
  tag: ReleaseTag;
  predicted: string | undefined;
  agree: boolean;
  reason?: string;
}

/** Published manifests of a monorepo's packages (scripts/fidelity-manifests.ts): name → version → dependency fields. */
type Manifests = Record<string, Record<string, Record<string, Record<string, string>>>>;

function loadManifests(name: string): Manifests | undefined {
  const file = join(dataDir, `${name}.manifests.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { packages: Manifests }).packages : undefined;
}

/**
 * Whether a tag was not there yet when `release` was cut: its package's tags on the release commit
 * from its version on (an rc and its final on one commit: the rc stays), and the tags of the other
 * packages published by the same run (the same commit).
 */
function laterThan(release: ReleaseTag, t: TagRef, r: ReleaseTag | undefined): boolean {
  if (!r || t.commit !== release.commit) return false;
  return r.pkg !== release.pkg || semver.gte(r.version, release.version);
}

/** The repository as it was when `release` was cut. */
function atReleaseTime(git: Git, tags: TagRef[], release: ReleaseTag, project: Project): Git {
  const visible: TagRef[] = [];
  for (const t of tags) {
    const r = project.releaseOf(t.name);
    if (laterThan(release, t, r)) continue;
    // Historic tag spellings of a package are shown under its current format (a rename is not a release).
    visible.push(r ? { ...t, name: tagFormat(project.tagFormatOf(r.pkg), r.pkg).format(r.version) } : t);
  }
  return { ...git, tags: async () => visible };
}

/**
 * The replayed files are placeholders, so each package's package.json at `to` is made up from the
 * manifest its last release (the highest version tagged and reachable from `to`) was published with.
 */
function withManifests(git: Git, dir: string, to: string, tags: TagRef[], release: ReleaseTag, project: Project, manifests: Manifests): Git {
  const merged = new Set(execFileSync("git", ["tag", "--merged", to], { cwd: dir, encoding: "utf8" }).split("\n"));
  const current = new Map<string, string>();
  for (const t of tags) {
    const r = project.releaseOf(t.name);
    if (!r || !merged.has(t.name) || laterThan(release, t, r)) continue;
    const known = current.get(r.pkg);
    if (known === undefined || semver.gt(r.version, known)) current.set(r.pkg, r.version);
  }
  return {
    ...git,
    async readFile(rev, path) {
      const name = /^packages\/([^/]+)\/package\.json$/.exec(path)?.[1];
      // This view serves one plan, which reads manifests at its target only.
      if (name === undefined) return git.readFile(rev, path);
      const version = current.get(name);
      return version === undefined ? undefined : JSON.stringify({ name, version, ...publishedAt(manifests[name] ?? {}, version, current) });
    },
  };
}

/**
 * The dependency fields of a tagged version: as published; for a version tagged but never published
 * (a failed publish), the names of the closest published version's (the last before it, else the
 * first after) with the ranges lerna writes when it releases: `^` the dependency's version then.
 */
function publishedAt(
  versions: Record<string, Record<string, Record<string, string>>>,
  version: string,
  current: ReadonlyMap<string, string>,
): Record<string, Record<string, string>> | undefined {
  if (versions[version]) return versions[version];
  const known = semver.sort(Object.keys(versions).filter((v) => semver.valid(v) !== null));
  const closest = known.filter((v) => semver.lt(v, version)).at(-1) ?? known.find((v) => semver.gt(v, version));
  const fields = closest !== undefined ? versions[closest] : undefined;
  if (fields === undefined) return undefined;
  const ranged = (deps: Record<string, string>) => Object.fromEntries(Object.keys(deps).map((dep) => [dep, current.has(dep) ? `^${current.get(dep)}` : "*"]));
  return Object.fromEntries(Object.entries(fields).map(([field, deps]) => [field, ranged(deps)]));
}

/** The workspace packages at `to` that the manifests know (directory name = package name here), with the released one. */
function workspaceAt(dir: string, to: string, release: ReleaseTag, manifests: Manifests): Array<{ name: string; path: string }> {
  const dirs = execFileSync("git", ["ls-tree", "--name-only", "-d", to, "packages/"], { cwd: dir, encoding: "utf8" }).split("\n").filter(Boolean);
  const names = new Set(dirs.map((d) => d.slice("packages/".length)).filter((n) => n in manifests || n === release.pkg));
  return [...names].sort().map((name) => ({ name, path: `packages/${name}` }));
}

async function replay(name: string): Promise<{ dir: string; cleanup: () => void }> {
  const data = join(dataDir, `${name}.history.jsonl.gz`);
  if (!existsSync(data)) throw new Error(`history data not found: ${data}`);
  const tmp = mkdtempSync(join(tmpdir(), `relm-fidelity-${name}-`));
  const dir = join(tmp, "repo");
  execFileSync(process.execPath, [replayTool, data, dir], { stdio: ["ignore", "ignore", "inherit"] });
  return { dir, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

async function run(project: Project, verbose: boolean): Promise<{ mainline: Outcome[]; prerelease: Outcome[]; first: number; extra: string[] }> {
  const { dir, cleanup } = await replay(project.name);
  const manifests = loadManifests(project.name);
  // One plan serves every release one run published: same target, channel, rules and hidden tags.
  const plans = new Map<string, Promise<ReleasePlan>>();
  try {
    const git = gitRepository(dir);
    const tags = await git.tags();
    const releases = tags
      .map((t) => project.releaseOf(t.name, t.commit))
      .filter((r): r is ReleaseTag => r !== undefined)
      .sort((a, b) => a.pkg.localeCompare(b.pkg) || a.order - b.order);
    const mainline: Outcome[] = [];
    const prerelease: Outcome[] = [];
    let first = 0;
    const extra: string[] = [];
    for (const release of releases) {
      const pre = /-([0-9A-Za-z-]+)/.exec(release.version)?.[1];
      // relm plans before the release commit exists: when the tag sits on the tool's own release commit
      // (version bump, changelog), plan at its parent, as the tool did.
      const to = RELEASE_COMMIT.test(subjectOf(dir, release.commit)) ? `${release.commit}^` : release.commit;
      const together = manifests !== undefined && project.releasesDependents?.(release) === true;
      const yaml = project.configYaml(release, together ? workspaceAt(dir, to, release, manifests) : undefined);
      const hidden = tags.filter((t) => laterThan(release, t, project.releaseOf(t.name))).map((t) => t.name);
      const key = JSON.stringify([to, pre ?? null, yaml, hidden.sort()]);
      let planned = plans.get(key);
      if (planned === undefined) {
        const config = loadConfig(yaml, `${project.name}.relm.yml`).config;
        const visible = atReleaseTime(git, tags, release, project);
        const view = together ? withManifests(visible, dir, to, tags, release, project, manifests) : visible;
        planned = planRelease({ git: view }, { config, to, channel: pre ?? null });
        plans.set(key, planned);
        if (together) {
          // Packages relm releases that the run did not publish: dependents the tool left alone.
          const published = new Set(tags.filter((t) => t.commit === release.commit).map((t) => project.releaseOf(t.name)?.pkg));
          for (const p of (await planned).packages) if (p.released && p.previous !== undefined && !published.has(p.name)) extra.push(`${p.next?.tag ?? p.name} (${p.versionSource})`);
        }
      }
      const plan = await planned;
      const pkg = plan.mode === "single" ? plan.packages[0] : plan.packages.find((p) => p.name === release.pkg);
      if (pkg?.previous === undefined && pkg?.previousStable === undefined) {
        first++;
        continue;
      }
      const predicted = pkg.next?.version;
      const outcome: Outcome = { tag: release, predicted, agree: predicted === release.version };
      if (!outcome.agree) outcome.reason = project.explain({ release, predicted, plan, pkg, tags }) ?? "UNEXPLAINED";
      (pre ? prerelease : mainline).push(outcome);
      if (verbose) console.log(`${outcome.agree ? "ok  " : "MISS"} ${release.tag}: predicted ${predicted ?? "no release"} from ${pkg.previous?.tag}`);
    }
    return { mainline, prerelease, first, extra };
  } finally {
    cleanup();
  }
}

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const wanted = args.filter((a) => !a.startsWith("--"));
let unexplained = 0;
let belowTarget = false;
for (const project of projects.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
  const { mainline, prerelease, first, extra } = await run(project, verbose);
  const agree = mainline.filter((o) => o.agree).length;
  const rate = mainline.length === 0 ? 1 : agree / mainline.length;
  const preAgree = prerelease.filter((o) => o.agree).length;
  console.log(`\n${project.name} (${project.rules})`);
  console.log(`  main-line releases: ${agree}/${mainline.length} agree (${(rate * 100).toFixed(1)}%)`);
  // Reproducible: the releases git can show the reason for. Each one left out is listed below with
  // the reason it is not (a forced publish, a bump the maintainers chose, a missing tag, ...).
  const leftOut = mainline.filter((o) => !o.agree && o.reason !== undefined && o.reason !== "UNEXPLAINED").length;
  const reproducible = mainline.length - leftOut;
  console.log(`  reproducible from git: ${agree}/${reproducible} agree (${((reproducible === 0 ? 1 : agree / reproducible) * 100).toFixed(1)}%); ${leftOut} left out, each listed below with why`);
  console.log(`  prereleases:        ${preAgree}/${prerelease.length} agree; first releases (no previous version): ${first}`);
  if (project.releasesDependents) {
    const bySource = (source: string) => extra.filter((e) => e.endsWith(`(${source})`));
    const dependents = bySource("dependency");
    console.log(`  releases relm adds to a run that the tool did not publish: ${bySource("bump").length} with changes of their own, ${dependents.length} as dependents${dependents.length > 0 ? ` (${dependents.join(", ")})` : ""}`);
  }
  const kinds = new Map<string, number>();
  for (const o of mainline.filter((x) => !x.agree)) {
    const kind = (o.reason ?? "").split(/[:(]/)[0]?.replace(/\s+\S*\d\S*.*$/, "").trim() ?? "";
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  for (const [kind, count] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)} × ${kind}`);
  for (const o of [...mainline, ...prerelease].filter((x) => !x.agree)) {
    console.log(`  - ${o.tag.tag}: relm says ${o.predicted ?? "no release"}; ${o.reason}`);
    if (o.reason === "UNEXPLAINED") unexplained++;
  }
  if (rate < 0.99) belowTarget = true;
}
console.log(unexplained === 0 ? "\nevery disagreement explained" : `\n${unexplained} disagreement(s) unexplained`);
if (unexplained > 0 || belowTarget) process.exitCode = 1;
