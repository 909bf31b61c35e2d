import { semver } from "../version/semver.ts";

/** `v1` for `v1.4.0`, `pkg@1` for `pkg@1.4.0`; none for a prerelease or a 0.x version. */
export function floatingTagOf(tag: string, version: string): string | undefined {
  if (version.includes("-") || version.startsWith("0.")) return undefined;
  const major = version.split(".")[0] ?? "";
  const at = tag.lastIndexOf(version);
  return at < 0 ? undefined : `${tag.slice(0, at)}${major}`;
}

/**
 * The floating major tag to move to this release, or undefined when it must stay: it moves only
 * forward, to the highest `major.x.y` among the release tags, so a backport `1.2.4` cut after `1.3.0`
 * leaves `v1` on `1.3.0`.
 */
export function floatingTagMove(target: { tag: string; version: string }, tags: readonly string[]): string | undefined {
  const floating = floatingTagOf(target.tag, target.version);
  if (floating === undefined) return undefined;
  const prefix = target.tag.slice(0, target.tag.lastIndexOf(target.version));
  const major = semver.major(target.version);
  for (const tag of tags) {
    if (!tag.startsWith(prefix)) continue;
    const version = semver.valid(tag.slice(prefix.length));
    if (version === null || semver.prerelease(version) !== null || semver.major(version) !== major) continue;
    if (semver.gt(version, target.version)) return undefined;
  }
  return floating;
}
