import { semver } from "../version/semver.ts";

// ^1.2.3, ~1.2.3 or 1.2.3 (a prerelease or build allowed): the ranges a release moves forward.
const SIMPLE_RANGE = /^(\^|~|)(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

/**
 * A dependent's range on a package after the package's release: the same operator (^, ~ or none)
 * on the new version. Undefined when the range stays: `workspace:`, `*`, `>=`, unions, tags, URLs
 * and aliases say something the release does not change, and a range already at (or above) the
 * version is not moved back.
 */
export function bumpedRange(range: string, version: string): string | undefined {
  const m = SIMPLE_RANGE.exec(range);
  if (m === null) return undefined;
  const [, operator = "", current = ""] = m;
  if (semver.valid(current) === null || !semver.gt(version, current)) return undefined;
  return `${operator}${version}`;
}
