import { z } from "zod";
import type { GitHubClient } from "./client.ts";
import { isNotFound, parseAnswer, requestError } from "./call.ts";

/** A pull request as the commit-to-PR lookup answers it: enough to tell a merged release PR. */
export const pullSchema = z.object({
  number: z.number().int(),
  body: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  labels: z.array(z.object({ name: z.string() })),
});

export interface MergedPullRequest {
  number: number;
  labels: string[];
  body?: string;
}

/**
 * The pull request whose merge made `sha` (its merge, squash or rebase commit is the pushed head):
 * a push run of a merged pull request reads that one's labels and description, as the pull request
 * run did. A pull request that merely contains the commit on its branch does not count, so no open
 * or unrelated pull request lends its labels to a push.
 */
export async function mergedPullRequestOf(client: GitHubClient, sha: string, warn: (message: string) => void): Promise<MergedPullRequest | undefined> {
  const { octokit, owner, repo } = client;
  const endpoint = "GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls";
  let data: unknown;
  try {
    data = (await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha, per_page: 100 })).data;
  } catch (error) {
    // A token without pull-requests: read still gates the push, by the labels it can see: none.
    const status = (error as { status?: unknown }).status;
    if (status !== 403 && !isNotFound(error)) throw requestError(endpoint, error);
    warn(`the labels of the merged pull request are not read: ${endpoint} answered ${String(status)}; give the job pull-requests: read for rules that use labels`);
    return undefined;
  }
  const list = parseAnswer(endpoint, z.array(pullSchema), data);
  const merged = list.find((p) => p.merged_at != null && p.merge_commit_sha === sha);
  if (!merged) return undefined;
  return { number: merged.number, labels: merged.labels.map((l) => l.name), ...(merged.body ? { body: merged.body } : {}) };
}
