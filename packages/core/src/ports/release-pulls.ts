/** The release PR (GitHub) or MR (GitLab) of one base branch, as relm sees it. */
export interface ReleasePull {
  number: number;
  url: string;
  body: string;
}

export interface FileChange {
  path: string;
  text: string;
  /** The file does not exist on the base branch (GitLab needs "create", not "update"). */
  created: boolean;
}

/**
 * What `relm pr` needs from a forge: the release branch made through its API (no working tree is
 * touched, no push credentials are needed) and the one open PR/MR on it.
 */
export interface ReleasePulls {
  /** The head commit of a branch, undefined when the branch does not exist. */
  head(branch: string): Promise<string | undefined>;
  /** The first parent of a commit. */
  parent(commit: string): Promise<string | undefined>;
  /** A file's text at a ref, undefined when it does not exist there. */
  read(ref: string, path: string): Promise<string | undefined>;
  /** One commit on `base` with the changes, `branch` created or forced onto it; returns its hash. */
  commit(input: { branch: string; base: string; baseHead: string; message: string; files: readonly FileChange[] }): Promise<string>;
  findOpen(head: string, base: string): Promise<ReleasePull | undefined>;
  open(input: { head: string; base: string; title: string; body: string; label: string }): Promise<ReleasePull>;
  update(pull: ReleasePull, input: { title: string; body: string; label: string }): Promise<void>;
  close(pull: ReleasePull, comment: string): Promise<void>;
}

/** A merged PR as the tag step sees it. */
export interface MergedPull {
  number: number;
  body: string;
  labels: string[];
}

/**
 * What the tag step needs to mark the release PR it tagged: the PR whose merge made the release
 * commit, and its labels changed (`relm: pending` becomes `relm: tagged`, as release-please does).
 */
export interface TaggedPulls {
  /** The merged PR whose merge (merge, squash or rebase) made `commit`; undefined when none did. */
  mergedInto(commit: string): Promise<MergedPull | undefined>;
  relabel(pull: MergedPull, change: { add: string; remove: string }): Promise<void>;
}
