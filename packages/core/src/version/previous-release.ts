import { semver } from "./semver.ts";
import type { TagRef } from "../ports/git.ts";
import type { TagFormat } from "./tag-format.ts";

export interface VersionTag {
  tag: string;
  version: string;
  commit: string;
}

/** Tags that follow the format, highest version first; other tags (and other packages' tags) are ignored. */
export function versionTags(tags: readonly TagRef[], format: TagFormat): VersionTag[] {
  const out: VersionTag[] = [];
  for (const t of tags) {
    const version = format.parse(t.name);
    if (version !== undefined && semver.valid(version)) out.push({ tag: t.name, version, commit: t.commit });
  }
  return out.sort((a, b) => semver.rcompare(a.version, b.version) || a.tag.localeCompare(b.tag));
}

export interface PreviousRelease {
  stable?: VersionTag;
  /** The highest reachable prerelease on the channel above `stable`. */
  prerelease?: VersionTag;
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
