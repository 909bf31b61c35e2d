import type { CommitAuthors } from "./commit-authors.ts";

/**
 * What relm needs from GitHub, GitLab or the local stand-in, split into small capabilities so that a
 * use case asks only for what it uses (plan needs none, tag needs TagWriter + ReleaseWriter, ...).
 */
import type { TaggedPulls } from "./release-pulls.ts";

export type ForgeKind = "github" | "gitlab" | "local";

export interface TagWriter {
  /**
   * Creates an annotated tag on `commit`. Idempotent: the same name on the same commit returns
   * `{ created: false }`; the same name on another commit throws a TagConflictError.
   */
  createTag(input: { name: string; commit: string; message: string }): Promise<{ created: boolean }>;
}

export interface ReleaseInput {
  tag: string;
  name: string;
  notes: string;
  draft?: boolean;
  prerelease?: boolean;
  /** GitHub only: "true" | "false" | "legacy". */
  makeLatest?: "true" | "false" | "legacy";
  /** Links shown with the release (GitLab release asset links; the registry's package files). */
  links?: ReleaseLink[];
  /** GitLab only: milestone titles to associate with the release. */
  milestones?: string[];
}

export interface ReleaseLink {
  name: string;
  url: string;
  type?: "other" | "runbook" | "image" | "package";
}

export interface ForgeRelease {
  id: string;
  tag: string;
  name: string;
  notes: string;
  url?: string;
  draft: boolean;
  prerelease: boolean;
}

export interface ReleaseWriter {
  /** Creates the release for `tag`, or updates the one that exists (re-runs complete, never duplicate). */
  upsertRelease(input: ReleaseInput): Promise<{ release: ForgeRelease; created: boolean }>;
  /** Whether a published (not draft) release exists for the tag: `relm plan` names an unfinished release by it. */
  hasRelease?(tag: string): Promise<boolean>;
}

/** A text file the tag step keeps up to date (CHANGELOG.md): the working tree locally, the forge's API elsewhere. */
export interface ChangelogFile {
  /** Repository-relative path, for messages. */
  readonly path: string;
  /** The current text, undefined when the file does not exist yet. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

export type CheckConclusion = "success" | "failure" | "pending" | "neutral" | "skipped" | "cancelled";

export interface CheckResult {
  name: string;
  conclusion: CheckConclusion;
  /** Where the result came from: a check run, a commit status, a pipeline job. */
  source: "check-run" | "status" | "pipeline" | "job";
  url?: string;
}

export interface CheckReader {
  checks(commit: string): Promise<CheckResult[]>;
}

export interface Deployment {
  environment: string;
  commit: string;
  /** The released version, when the deployment says (payload, ref or tag). */
  version?: string;
  ref?: string;
  state: "success" | "failure" | "in_progress" | "pending" | "inactive" | "error";
  /** When it reached `state` (ISO 8601). */
  at: string;
}

export interface DeploymentReader {
  deployments(environment: string): Promise<Deployment[]>;
}

/** What relm tells the forge about one of its deployments: the facts of the registry's event. */
export interface DeploymentFacts {
  environment: string;
  version: string;
  tag: string;
  /** The commit deployed (sha). */
  commit: string;
  /** relm's deployment id: a re-run under it finds the forge deployment made before. */
  deploymentId: string;
  description: string;
  package?: string;
  project?: string;
  /** Where the deployed environment is reached. */
  environmentUrl?: string;
  /** The pipeline run that deploys. */
  logUrl?: string;
  /** Forge deployments the registry gives to other relm deployments: never taken for this one. */
  taken?: readonly string[];
}

export type MirroredStatus = "in_progress" | "success" | "failure";

/** The forge's deployment that mirrors relm's; `created` is false when a re-run found it. */
export interface ForgeDeploymentRef {
  id: string;
  url?: string;
  created: boolean;
}

/**
 * Mirrors relm's deployments to the forge (GitHub deployments and statuses, GitLab deployments) so
 * its environment pages show them. The registry holds the record; this is a copy for people to see.
 */
export interface DeploymentWriter {
  /** Creates the forge deployment, in progress, or finds the one a run under the same deployment id made. */
  start(d: DeploymentFacts): Promise<ForgeDeploymentRef>;
  /** Sets the outcome. */
  finish(ref: ForgeDeploymentRef, status: Exclude<MirroredStatus, "in_progress">, d: DeploymentFacts): Promise<void>;
}

/**
 * Tells an issue or pull request that the release containing it shipped, once: a comment carrying
 * `marker` (hidden) is looked for first, so a re-run posts nothing twice.
 */
export interface ReleaseAnnouncer {
  announce(number: number, marker: string, body: string): Promise<"posted" | "found">;
}

/** A one-off or recurring freeze declared on the forge itself (GitLab deploy freezes). */
export interface ForgeFreeze {
  start: string;
  end: string;
  timeZone: string;
  source: string;
}

export interface FreezeReader {
  freezes(): Promise<ForgeFreeze[]>;
}

/** One person's word on a release: an environment review, an `/approve` comment, a played manual job, a CLI flag. */
export interface ApprovalEvidence {
  user: string;
  decision: "approved" | "rejected";
  /** ISO 8601. */
  at: string;
  comment?: string;
  source: "environment" | "comment" | "manual-job" | "cli" | "deployment";
  url?: string;
  /** The forge's id of this evidence (`run:<id>/<login>`, `comment:<id>`, `note:<id>`, `deployment:<id>/<login>`, `job:<id>`), so a later step can read it again. */
  id?: string;
  /** Digest of the release candidate it was given for. */
  candidate?: string;
  /** The forge says the comment was edited after it was made: it no longer proves what was approved. */
  edited?: boolean;
}

export interface ApprovalReader {
  approvals(context: { environment: string; runId?: string; candidate?: string }): Promise<ApprovalEvidence[]>;
  /**
   * Evidence an earlier job handed over, read again from the forge by each piece's id: what the forge
   * says now replaces the copy; a piece without an id, not found, for another commit or environment,
   * or no longer saying the same is left out, with the reason. For forges whose sign-off belongs to
   * an earlier job (GitLab's manual job, deployment approvals, issue notes).
   */
  readAgain?(given: readonly ApprovalEvidence[], context: { environment: string; commit: string; candidate?: string }): Promise<{ evidence: ApprovalEvidence[]; left: { id: string; reason: string }[] }>;
}

export interface MembershipReader {
  /** Whether `user` belongs to `group` (`org/team` on GitHub, a group path on GitLab). */
  isMember(user: string, group: string): Promise<boolean>;
}

export class TagConflictError extends Error {
  readonly code = "RELM_TAG_CONFLICT";
  readonly tag: string;
  readonly existing: string;
  readonly wanted: string;
  constructor(tag: string, existing: string, wanted: string) {
    super(`tag ${tag} already exists on commit ${existing.slice(0, 12)}, not on ${wanted.slice(0, 12)}; delete it or release another version`);
    this.tag = tag;
    this.existing = existing;
    this.wanted = wanted;
  }
}

/** The forge capabilities a driver could build for this run; use cases take the ones they need. */
export interface ForgeAdapters {
  kind: ForgeKind;
  tags: TagWriter;
  releases: ReleaseWriter;
  checks?: CheckReader;
  deployments?: DeploymentReader;
  deploymentWriter?: DeploymentWriter;
  approvals?: ApprovalReader;
  members?: MembershipReader;
  freezes?: FreezeReader;
  announcer?: ReleaseAnnouncer;
  /** The release PR a tagged commit was merged from, relabelled after the tag (GitHub). */
  taggedPulls?: TaggedPulls;
  /** Commit authors' logins, for the notes; absent where the forge has none to give (locally, GitLab on a job token). */
  authors?: CommitAuthors;
}
