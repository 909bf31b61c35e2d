import { z } from "zod";
import type { ReleaseAnnouncer } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call } from "./call.ts";
import { issueCommentSchema } from "./schemas.ts";

const LIST = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const CREATE = "POST /repos/{owner}/{repo}/issues/{issue_number}/comments";

/** "Released in 1.4.0" on an issue or a pull request (GitHub's issues API serves both), once per marker. */
export function githubAnnouncer(client: GitHubClient): ReleaseAnnouncer {
  const { octokit, owner, repo } = client;
  return {
    async announce(number, marker, body) {
      const comments = await call(LIST, z.array(issueCommentSchema), () =>
        octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }).then((data) => ({ data })),
      );
      if (comments.some((c) => (c.body ?? "").includes(marker))) return "found";
      await call(CREATE, z.object({ id: z.number() }), () => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }));
      return "posted";
    },
  };
}
