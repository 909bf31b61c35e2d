import { policyRefOf, type Git } from "@relm/core";
import type { GitHubRunContext } from "../context.ts";

export interface RunRefs {
  /** Where the policy is read from: the pull request's base branch, else the repository's default branch. */
  targetRef: string;
  /** Why that ref, for the log and the job summary. */
  targetReason: string;
  branch?: string;
  tag?: string;
  labels?: string[];
  /** The pull request's description: a label override reads its rules and reason from it. */
  description?: string;
  /** On a push: the merged pull request the labels and description were read from. */
  labelsFrom?: number;
}

/** Finds the pull request whose merge made a commit (the forge's; absent in runs that need no labels). */
export type MergedPullLookup = (sha: string) => Promise<{ number: number; labels: string[]; body?: string } | undefined>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * The branch whose policy judges the run, never the change under review: a pull request (or merge
 * queue) run is judged by its base branch; every other run (a push to a branch, a tag, a dispatch)
 * by the repository's default branch, as `relm gate` judges GitLab pipelines by CI_DEFAULT_BRANCH. For
 * a push to the default branch that is the pushed branch itself, whose policy was reviewed on the way
 * in; a push to any other branch cannot relax the policy that judges it.
 */
function policyBranch(run: GitHubRunContext, env: NodeJS.ProcessEnv): { branch?: string; namedBy: string; reason: string } {
  const base = text(env.GITHUB_BASE_REF);
  if (base) return { branch: base, namedBy: "GITHUB_BASE_REF", reason: `the pull request's base branch ${base}` };
  const group = run.event.merge_group as { base_ref?: unknown } | undefined;
  const queued = text(group?.base_ref)?.replace(/^refs\/heads\//, "");
  if (queued) return { branch: queued, namedBy: "merge_group.base_ref", reason: `the merge queue's base branch ${queued}` };
  const repository = run.event.repository as { default_branch?: unknown } | undefined;
  const main = text(repository?.default_branch);
  if (main) return { branch: main, namedBy: "repository.default_branch", reason: `the repository's default branch ${main}` };
  return { namedBy: "the event payload (no repository.default_branch)", reason: "the remote's default branch (the event names none)" };
}

/**
 * What the gate needs to know of the run's refs, from the runner's variables and the event payload.
 * A push of a merged pull request carries no labels in its event: with `mergedPull`, they (and the
 * description) are read from the pull request whose merge made the pushed commit.
 */
export async function runRefs(run: GitHubRunContext, env: NodeJS.ProcessEnv, git: Git, mergedPull?: MergedPullLookup): Promise<RunRefs> {
  const pr = run.event.pull_request as { labels?: { name?: unknown }[]; body?: unknown } | undefined;
  const merged = !pr && run.eventName === "push" && mergedPull ? await mergedPull(run.sha) : undefined;
  const labels = merged ? merged.labels : pr?.labels?.map((l) => l.name).filter((n): n is string => typeof n === "string");
  const description = merged ? text(merged.body) : text(pr?.body);
  const target = policyBranch(run, env);
  const targetRef = await policyRefOf(git, { ...(target.branch ? { branch: target.branch } : {}), namedBy: target.namedBy });
  const common = { targetRef, targetReason: target.reason, ...(labels ? { labels } : {}), ...(description ? { description } : {}), ...(merged ? { labelsFrom: merged.number } : {}) };
  if (pr || text(env.GITHUB_BASE_REF)) return { ...common, ...(text(env.GITHUB_HEAD_REF) ? { branch: env.GITHUB_HEAD_REF } : {}) };
  const branch = /^refs\/heads\/(.+)$/.exec(run.ref)?.[1];
  const tag = /^refs\/tags\/(.+)$/.exec(run.ref)?.[1];
  return { ...common, ...(branch ? { branch } : {}), ...(tag ? { tag } : {}) };
}
