import { RelmError } from "../errors.ts";
import { matchesAny } from "../policy/matches-any.ts";

/** One entry of `branches` in .relm.yml, as the schema gives it. */
export type BranchEntry = string | { name: string; prerelease?: true | string; channel?: string; range?: string };

export type BranchKind = "release" | "prerelease" | "maintenance";

/** What the current branch may release: its kind, prerelease id, distribution channel and version range. */
export interface BranchChannel {
  branch: string;
  kind: BranchKind;
  /** The prerelease id (versions X.Y.Z-<id>.N) on a prerelease branch. */
  prerelease?: string;
  /** The distribution channel (dist-tag), when named. */
  channel?: string;
  /** The versions a maintenance branch may release (semver range). */
  range?: string;
}

// `1.x` and `1.2.x` name their own range, as in semantic-release.
const MAINTENANCE_NAME = /^(\d+)\.(?:(\d+)\.)?x$/;

/** The range a maintenance entry stands for, or undefined for a release or prerelease entry. */
export function maintenanceRange(name: string, range: string | undefined): string | undefined {
  if (range !== undefined) return range;
  return MAINTENANCE_NAME.test(name) ? name : undefined;
}

function entryOf(entry: BranchEntry): Exclude<BranchEntry, string> {
  return typeof entry === "string" ? { name: entry } : entry;
}

/** The entries whose name (a branch name or glob) matches the branch, in the order listed. */
export function entriesMatching(entries: readonly BranchEntry[], branch: string): Array<Exclude<BranchEntry, string>> {
  return entries.map(entryOf).filter((e) => e.name === branch || matchesAny(branch, [e.name]));
}

/**
 * The channel of `branch` under the configured `branches`: undefined when the list is absent (the
 * old behaviour stands). A branch the list does not name releases nothing: the plan refuses.
 */
export function branchChannel(entries: readonly BranchEntry[] | undefined, branch: string | undefined): BranchChannel | undefined {
  if (entries === undefined || entries.length === 0) return undefined;
  if (branch === undefined) {
    throw new RelmError("RELM_BRANCH_UNKNOWN", "refused", "the current branch is unknown (detached HEAD and no CI branch variable): `branches` cannot say what it releases", {
      hint: "Check out a branch, or set GITHUB_REF_NAME / CI_COMMIT_BRANCH.",
    });
  }
  const entry = entriesMatching(entries, branch)[0];
  if (entry === undefined) {
    throw new RelmError("RELM_BRANCH_NOT_RELEASED", "refused", `branch ${branch} is not listed in \`branches\` of .relm.yml: it releases nothing`, {
      hint: `Release from one of: ${entries.map((e) => entryOf(e).name).join(", ")}.`,
    });
  }
  const channel = entry.channel !== undefined ? { channel: entry.channel } : {};
  if (entry.prerelease !== undefined) {
    return { branch, kind: "prerelease", prerelease: entry.prerelease === true ? branch : entry.prerelease, ...channel };
  }
  const range = maintenanceRange(entry.name, entry.range);
  if (range !== undefined) return { branch, kind: "maintenance", range, ...channel };
  return { branch, kind: "release", ...channel };
}

/**
 * Refuses a version outside a maintenance branch's range (a `feat!` on 1.x must not make 2.0.0).
 * semver's ranges load only here: a plan off a maintenance branch never needs them.
 */
export async function assertInRange(channel: BranchChannel | undefined, version: string | undefined): Promise<void> {
  if (channel?.range === undefined || version === undefined) return;
  const { semverRanges } = await import("./semver-ranges.ts");
  if (semverRanges.satisfies(version, channel.range)) return;
  throw new RelmError("RELM_BRANCH_RANGE", "refused", `branch ${channel.branch} may release only versions in ${channel.range}, not ${version}`, {
    hint: "Release this change from a release branch, or keep maintenance changes within the line (no breaking change on a maintenance branch).",
  });
}
