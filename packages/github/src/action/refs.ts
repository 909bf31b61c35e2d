import type { GitHubRunContext } from "../context.ts";

export interface RunRefs {
  /** Where the policy is read from: the PR's base branch, or the pushed commit itself (already on the protected branch). */
  targetRef: string;
  branch?: string;
  tag?: string;
  labels?: string[];
}

/** What the gate needs to know of the run's refs, from the runner's variables and the event payload. */
export function runRefs(run: GitHubRunContext, env: NodeJS.ProcessEnv): RunRefs {
  const pr = run.event.pull_request as { labels?: { name?: unknown }[] } | undefined;
  const labels = pr?.labels?.map((l) => l.name).filter((n): n is string => typeof n === "string");
  if (env.GITHUB_BASE_REF) {
    return { targetRef: `origin/${env.GITHUB_BASE_REF}`, ...(env.GITHUB_HEAD_REF ? { branch: env.GITHUB_HEAD_REF } : {}), ...(labels ? { labels } : {}) };
  }
  const branch = /^refs\/heads\/(.+)$/.exec(run.ref)?.[1];
  const tag = /^refs\/tags\/(.+)$/.exec(run.ref)?.[1];
  return { targetRef: "HEAD", ...(branch ? { branch } : {}), ...(tag ? { tag } : {}) };
}
