/** One commit as git stores it; classification into conventional commits happens in core/commits. */
export interface RawCommit {
  hash: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** ISO 8601 with offset. */
  authorDate: string;
  committerDate: string;
  /** The whole message: subject, blank line, body and footers. */
  message: string;
  /** Paths changed against the first parent; present only when asked for. */
  files?: string[];
}

export interface TagRef {
  name: string;
  /** The commit the tag points at (peeled for annotated tags). */
  commit: string;
  annotated: boolean;
}

export interface LogQuery {
  /** Newest commit of the range (a ref or hash). */
  to: string;
  /** Exclusive lower end (a ref or hash); the whole history when absent. */
  from?: string;
  /** Ask for the changed paths of each commit (costs a diff per commit). */
  withFiles?: boolean;
  /** Restrict to commits touching these paths. */
  paths?: string[];
}

export interface AnnotatedTagInput {
  name: string;
  commit: string;
  message: string;
}

/** The local repository. Implemented by packages/git over the git CLI. */
export interface Git {
  /** Full hash of a ref; throws a clear error naming the ref when it does not exist. */
  resolve(ref: string): Promise<string>;
  /** Newest first, streamed, NUL-delimited under the hood. */
  log(query: LogQuery): AsyncIterable<RawCommit>;
  /** Every tag with the commit it points at. */
  tags(): Promise<TagRef[]>;
  /** Whether `ancestor` is reachable from `descendant`. */
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  isShallow(): Promise<boolean>;
  /** The branch checked out, undefined on a detached HEAD. */
  currentBranch(): Promise<string | undefined>;
  /** URL of a remote (default origin), undefined when there is none. */
  remoteUrl(remote?: string): Promise<string | undefined>;
  /** A file's text at a revision, undefined when the file is not there. */
  readFile(rev: string, path: string): Promise<string | undefined>;
  /** Creates an annotated tag; a tag of the same name on the same commit is left alone. */
  createAnnotatedTag(tag: AnnotatedTagInput): Promise<{ created: boolean }>;
}
