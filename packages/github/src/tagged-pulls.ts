import { z } from "zod";
import type { TaggedPulls } from "@relm/core/ports/release-pulls";
import type { GitHubClient } from "./client.ts";
import { call, isNotFound, requestError } from "./call.ts";
import { pullSchema } from "./merged-pull-request.ts";


/** The release PR behind a tagged commit on GitHub, and its labels changed (issues: write). */
export function githubTaggedPulls(client: GitHubClient): TaggedPulls {
  const { octokit, owner, repo } = client;
  return {
    async mergedInto(commit) {
      const list = await call("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", z.array(pullSchema), () =>
        octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: commit, per_page: 100 }),
      );
      // Only the PR whose merge made the commit: one that merely has it on its branch is another PR.
      const merged = list.find((p) => p.merged_at != null && p.merge_commit_sha === commit);
      return merged ? { number: merged.number, body: merged.body ?? "", labels: merged.labels.map((l) => l.name) } : undefined;
    },
    async relabel(pull, { add, remove }) {
      await call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", z.array(z.unknown()), () => octokit.rest.issues.addLabels({ owner, repo, issue_number: pull.number, labels: [add] }));
      if (!pull.labels.includes(remove)) return;
      const endpoint = "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}";
      try {
        await octokit.rest.issues.removeLabel({ owner, repo, issue_number: pull.number, name: remove });
      } catch (error) {
        // Someone took it off meanwhile: the end is the same.
        if (!isNotFound(error)) throw requestError(endpoint, error);
      }
    },
  };
}
