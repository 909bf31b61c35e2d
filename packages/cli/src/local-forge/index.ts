import { systemClock, type Clock, type ForgeAdapters, type Git, type TagWriter } from "@relm/core";
import { localReleaseWriter } from "./release-files.ts";
import { cliApprovals, localMembers } from "./cli-approvals.ts";

export { localReleaseWriter, releaseFileName, LOCAL_RELEASES_DIR } from "./release-files.ts";
export { cliApprovals, localMembers, parseApproverFlags } from "./cli-approvals.ts";
export { workTreeFile } from "./changelog-file.ts";

export interface LocalForgeOptions {
  git: Git;
  /** The repository's top level: `.relm/releases` lives under it. */
  root: string;
  /** Logins from `--approve`. */
  approvers?: readonly string[];
  /** Group definitions for the CAB rule's `groups` (group -> logins). */
  groups?: Readonly<Record<string, readonly string[]>>;
  /** Told once per CAB group nobody here can resolve (there is no forge to ask). */
  onUnknownGroup?: (group: string) => void;
  clock?: Clock;
}

/** Local annotated tags through the Git port; idempotent on the same commit, a conflict on another. */
export function localTags(git: Git): TagWriter {
  return { createTag: (tag) => git.createAnnotatedTag(tag) };
}

/**
 * The forge of a repository on disk, for `relm release` with the embedded defaults: git tags,
 * release notes as files, approvals from the command line, groups from the configuration.
 */
export function localForge(options: LocalForgeOptions): ForgeAdapters {
  return {
    kind: "local",
    tags: localTags(options.git),
    releases: localReleaseWriter(options.root),
    approvals: cliApprovals(options.approvers ?? [], options.clock ?? systemClock),
    members: localMembers(options.groups, options.onUnknownGroup),
  };
}

/** The work tree's top level when the Git adapter knows it (packages/git does), else the working directory. */
export async function repositoryRoot(git: Git, cwd: string): Promise<string> {
  const withRoot = git as Git & { root?: () => Promise<string> };
  return typeof withRoot.root === "function" ? withRoot.root() : cwd;
}
