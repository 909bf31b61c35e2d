import type { CheckRun, Deployment, Issue, Release, Status } from "./objects.ts";
import type { PullRequest } from "./pull-objects.ts";

export interface TagObject {
  sha: string;
  tag: string;
  message: string;
  object: { sha: string; type: string };
}

export interface EnvironmentApproval {
  environment: string;
  state: "approved" | "rejected";
  user: string;
  comment: string;
}

/** Everything the fake GitHub knows; tests arrange it before and inspect it after. */
export interface FakeState {
  owner: string;
  repo: string;
  /** When set, a ref or tag may only point at these commits (GitHub answers 422 otherwise). */
  commits: Set<string> | undefined;
  /** `tags/v1.0.0` -> what it points at. */
  refs: Map<string, { type: "commit" | "tag"; sha: string }>;
  tagObjects: Map<string, TagObject>;
  releases: Release[];
  checkRuns: Map<string, CheckRun[]>;
  statuses: Map<string, Status[]>;
  deployments: Deployment[];
  runApprovals: Map<string, EnvironmentApproval[]>;
  /** `org/team` -> active member logins. */
  teams: Map<string, Set<string>>;
  issues: Issue[];
  pulls: PullRequest[];
  /** Commit sha -> the login GitHub linked its author's e-mail to (null: none); other commits answer 422. */
  commitAuthors: Map<string, string | null>;
}

export function emptyState(owner: string, repo: string): FakeState {
  return {
    owner,
    repo,
    commits: undefined,
    refs: new Map(),
    tagObjects: new Map(),
    releases: [],
    checkRuns: new Map(),
    statuses: new Map(),
    deployments: [],
    runApprovals: new Map(),
    teams: new Map(),
    issues: [],
    pulls: [],
    commitAuthors: new Map(),
  };
}
