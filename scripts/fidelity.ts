// Fidelity: replays real project histories (test/fixtures/histories/*.history.jsonl.gz) and, for every
// release tag, asks relm's planner what version the release after the previous one should have
// been, with that project's own release rules. Prints the agreement per repository and every
// disagreement with its reason. Usage: npm run fidelity [-- name ...] [--verbose]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, planRelease, tagFormat, type Git, type TagRef } from "@relm/core";
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

/** The repository as it was when `release` was cut: its own tag (and its package's tags on that commit) not there yet. */
function atReleaseTime(git: Git, tags: TagRef[], release: ReleaseTag, project: Project): Git {
  const visible: TagRef[] = [];
  for (const t of tags) {
    const r = project.releaseOf(t.name);
    // Tags on the release commit that came with or after it (an rc and its final on one commit: the rc stays).
    if (r && r.pkg === release.pkg && t.commit === release.commit && semver.gte(r.version, release.version)) continue;
    // Historic tag spellings of a package are shown under its current format (a rename is not a release).
    visible.push(r ? { ...t, name: tagFormat(project.tagFormatOf(r.pkg), r.pkg).format(r.version) } : t);
  }
  return { ...git, tags: async () => visible };
}

async function replay(name: string): Promise<{ dir: string; cleanup: () => void }> {
  const data = join(dataDir, `${name}.history.jsonl.gz`);
  if (!existsSync(data)) throw new Error(`history data not found: ${data}`);
  const tmp = mkdtempSync(join(tmpdir(), `relm-fidelity-${name}-`));
  const dir = join(tmp, "repo");
  execFileSync(process.execPath, [replayTool, data, dir], { stdio: ["ignore", "ignore", "inherit"] });
  return { dir, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

async function run(project: Project, verbose: boolean): Promise<{ mainline: Outcome[]; prerelease: Outcome[]; first: number }> {
  const { dir, cleanup } = await replay(project.name);
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
    for (const release of releases) {
      const config = loadConfig(project.configYaml(release), `${project.name}.relm.yml`).config;
      const pre = /-([0-9A-Za-z-]+)/.exec(release.version)?.[1];
      // relm plans before the release commit exists: when the tag sits on the tool's own release commit
      // (version bump, changelog), plan at its parent, as the tool did.
      const to = RELEASE_COMMIT.test(subjectOf(dir, release.commit)) ? `${release.commit}^` : release.commit;
      const plan = await planRelease({ git: atReleaseTime(git, tags, release, project) }, { config, to, channel: pre ?? null });
      const pkg = plan.packages[0];
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
    return { mainline, prerelease, first };
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
  const { mainline, prerelease, first } = await run(project, verbose);
  const agree = mainline.filter((o) => o.agree).length;
  const rate = mainline.length === 0 ? 1 : agree / mainline.length;
  const preAgree = prerelease.filter((o) => o.agree).length;
  console.log(`\n${project.name} (${project.rules})`);
  console.log(`  main-line releases: ${agree}/${mainline.length} agree (${(rate * 100).toFixed(1)}%)`);
  console.log(`  prereleases:        ${preAgree}/${prerelease.length} agree; first releases (no previous version): ${first}`);
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
