import { z } from "zod";
import type { CommitAuthors } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { isNotFound, isUnprocessable, parseAnswer, requestError } from "./call.ts";

const ENDPOINT = "GET /repos/{owner}/{repo}/commits/{ref}";

// GitHub answers `author: null` for an e-mail no account has claimed (and `{}` in some older
// answers); only a login makes a credit. The rest of the (large) commit is not looked at.
const commitAuthorSchema = z.looseObject({
  sha: z.string(),
  author: z.looseObject({ login: z.string().optional() }).nullable().optional(),
});

/**
 * GitHub's login of a commit's author, from the commit itself (`author.login`): GitHub links the
 * e-mail to an account, verified e-mails and noreply addresses included. A commit GitHub does not
 * have (not pushed yet: 404 or 422) has no login; any other failure is thrown for the caller to
 * fall back on. A rate limit is not waited out (see client.ts): a plan is never held up for an hour
 * by a decoration. 5xx answers are retried as the client says (the CLI's plan makes a client that
 * retries once); a per-request `retries` is not given, as the retry plugin would then retry a 404 too.
 */
export function githubCommitAuthors(client: GitHubClient): CommitAuthors {
  const { octokit, owner, repo } = client;
  return {
    async loginOf(commitSha) {
      let data: unknown;
      try {
        // per_page 1: the answer pages the commit's files, which are not needed.
        ({ data } = await octokit.rest.repos.getCommit({ owner, repo, ref: commitSha, per_page: 1, request: { waitForRateLimit: false } }));
      } catch (error) {
        if (isNotFound(error) || isUnprocessable(error)) return undefined;
        throw requestError(ENDPOINT, error);
      }
      return parseAnswer(ENDPOINT, commitAuthorSchema, data).author?.login;
    },
  };
}
