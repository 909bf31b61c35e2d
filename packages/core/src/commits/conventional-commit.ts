/** An issue or pull-request reference found in a commit (`#12`, `owner/repo#12`, `Closes #12`). */
export interface IssueReference {
  /** The issue number as written (digits). */
  issue: string;
  /** `owner/repo` when the reference points at another repository. */
  repository?: string;
  /** The keyword before it (`closes`, `fixes`), lower case, when there is one. */
  action?: string;
}

/** One commit, classified. Plain data: it goes into JSON plans and release records. */
export interface ConventionalCommit {
  hash: string;
  shortHash: string;
  /** First line of the message. */
  subject: string;
  /** Whether the subject follows `type(scope)!: description`. */
  conventional: boolean;
  /** Lower-cased type (`feat`), undefined when not conventional. */
  type?: string;
  scope?: string;
  /** The description after `type(scope): `; the whole subject when not conventional. */
  description: string;
  body?: string;
  /** `!` in the header or a BREAKING CHANGE / BREAKING-CHANGE footer. */
  breaking: boolean;
  /** Texts of the BREAKING CHANGE footers (or the description when only `!` marks it). */
  breakingNotes: string[];
  /** Version from a `Release-As: x.y.z` footer. */
  releaseAs?: string;
  references: IssueReference[];
  /** Set when this commit reverts another: the reverted hash (as written) and/or header. */
  revert?: { hash?: string; header?: string };
  merge: boolean;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  /** Paths changed (against the first parent) when the log was asked for them. */
  files?: string[];
}
