// What the fake GitLab project holds; tests seed it and read it back.
export interface FakeTag { name: string; commit: string; message: string }
export interface FakeLink { id: number; name: string; url: string; link_type: string }
export interface FakeRelease { tag: string; name: string; description: string; milestones: string[]; links: FakeLink[]; created_at: string }
export interface FakePipeline { id: number; sha: string; ref: string; status: string }
export interface FakeStatus { id: number; sha: string; name: string; status: string; allow_failure?: boolean; target_url?: string }
export interface FakeApproval { username: string; status: "approved" | "rejected"; created_at: string; comment?: string }
export interface FakeDeployment {
  id: number; iid: number; environment: string; sha: string; ref: string; tag: boolean; status: string;
  pipelineId?: number; created_at: string; updated_at: string; finished_at?: string | null; approvals?: FakeApproval[]; pending_approval_count?: number;
  /** Made through the deployments API, not by a job: GitLab answers `deployable: null`. */
  viaApi?: boolean;
}
export interface FakeFreeze { id: number; freeze_start: string; freeze_end: string; cron_timezone: string }
export interface FakeJob { id: number; name: string; status: string; username?: string; started_at?: string; sha?: string }
/** `updated_at` differs from `created_at` once the note was edited. */
export interface FakeNote { id: number; body: string; system: boolean; created_at: string; updated_at?: string; username: string }
/** A commit of the fake repository: its whole tree as path -> text (relm only writes text files). */
export interface FakeCommit { id: string; parents: string[]; message: string; files: Map<string, string> }
export interface FakeMergeRequest {
  id: number; iid: number; source_branch: string; target_branch: string; title: string; description: string;
  labels: string[]; state: "opened" | "closed" | "merged"; remove_source_branch: boolean; notes: FakeNote[];
  /** Set when a test merges it: the commit the merge made on the target branch. */
  merge_commit_sha?: string;
}
/** A generic package file too big to keep in memory: received to a file on disk, hashed on the way. */
export interface FakeSpooledFile { path: string; size: number; sha256: string }

export interface FakeGitlabState {
  projectId: string;
  projectPath: string;
  milestones: Set<string>;
  tags: Map<string, FakeTag>;
  releases: Map<string, FakeRelease>;
  pipelines: FakePipeline[];
  statuses: FakeStatus[];
  deployments: FakeDeployment[];
  freezePeriods: FakeFreeze[];
  jobs: Map<number, FakeJob>;
  users: Map<string, number>;
  /** username -> the public e-mail on the profile: `GET /users?search=` matches it exactly (private e-mails never match). */
  publicEmails: Map<string, string>;
  /** group full path -> user id -> access level */
  groupMembers: Map<string, Map<number, number>>;
  issueNotes: Map<number, FakeNote[]>;
  /** The user the private token belongs to (relm's bot): GET /user answers it (401 when empty), and it writes relm's notes. */
  tokenUser: string;
  /** Generic package files by `name/version/file`: small ones in memory, large ones in `spooledPackages`. */
  packages: Map<string, Buffer>;
  spooledPackages: Map<string, FakeSpooledFile>;
  /**
   * False as in a group with "Reject packages with the same name and version" on for generic packages:
   * a second file of one name in a package version is refused (400 "Duplicate package is not allowed").
   */
  genericDuplicatesAllowed: boolean;
  /** Branch name -> head commit id; `main` is the default branch. */
  branches: Map<string, string>;
  commits: Map<string, FakeCommit>;
  mergeRequests: FakeMergeRequest[];
}

export function emptyState(): FakeGitlabState {
  return {
    projectId: "42",
    projectPath: "acme/app",
    milestones: new Set(),
    tags: new Map(),
    releases: new Map(),
    pipelines: [],
    statuses: [],
    deployments: [],
    freezePeriods: [],
    jobs: new Map(),
    users: new Map(),
    publicEmails: new Map(),
    groupMembers: new Map(),
    issueNotes: new Map(),
    tokenUser: "relm-bot",
    packages: new Map(),
    spooledPackages: new Map(),
    genericDuplicatesAllowed: true,
    branches: new Map(),
    commits: new Map(),
    mergeRequests: [],
  };
}
