import type { SemVer } from "semver";
import { semver } from "./semver.ts";
import { compareText } from "../notes/compare-text.ts";
import type { TagRef } from "../ports/git.ts";
import type { TagFormat } from "./tag-format.ts";

export interface VersionTag {
  tag: string;
  version: string;
  commit: string;
}

/** Tags that follow the format, highest version first; other tags (and other packages' tags) are ignored. */
export function versionTags(tags: readonly TagRef[], format: TagFormat): VersionTag[] {
  // Each version is parsed once: comparing the strings would parse both sides of every comparison
  // (thousands of parses to sort a few hundred tags).
  const parsed: { tag: VersionTag; semver: SemVer }[] = [];
  for (const t of tags) {
    const version = format.parse(t.name);
    const v = version === undefined ? null : semver.parse(version);
    if (version !== undefined && v !== null) parsed.push({ tag: { tag: t.name, version, commit: t.commit }, semver: v });
  }
  return parsed.sort((a, b) => b.semver.compare(a.semver) || compareText(a.tag.tag, b.tag.tag)).map((p) => p.tag);
}

export interface PreviousRelease {
  stable?: VersionTag;
  /** The highest reachable prerelease on the channel above `stable`. */
  prerelease?: VersionTag;
}

/** The stable release previousRelease finds when the highest stable candidate is reachable, as it nearly always is. */
export function highestStable(candidates: readonly VersionTag[]): VersionTag | undefined {
  return candidates.find((c) => semver.prerelease(c.version) === null);
}

/**
 * The previous release is the HIGHEST version tag reachable from the target, not the newest by
 * date: a higher tag on an unmerged branch does not count. Candidates are tried highest first.
 */
export async function previousRelease(candidates: readonly VersionTag[], reachable: (commit: string) => Promise<boolean>, channel?: string): Promise<PreviousRelease> {
  const result: PreviousRelease = {};
  for (const c of candidates) {
    const pre = semver.prerelease(c.version);
    if (pre !== null) {
      if (channel === undefined || result.prerelease !== undefined || pre[0] !== channel) continue;
      if (await reachable(c.commit)) result.prerelease = c;
      continue;
    }
    if (await reachable(c.commit)) {
      result.stable = c;
      break;
    }
  }
  return result;
}
