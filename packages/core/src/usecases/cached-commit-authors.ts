import type { CommitAuthors } from "../ports/commit-authors.ts";

export interface CachedCommitAuthorsOptions {
  /** Told of the first failure only; the notes then name the git authors. */
  onFailure?: (error: unknown) => void;
  /** Distinct e-mails asked about at most; the rest are named by git name. */
  limit?: number;
}

/** Enough for any release's authors, and well inside a GITHUB_TOKEN's 1,000 requests an hour. */
const DEFAULT_LIMIT = 200;

/**
 * Logins asked once per distinct author e-mail (case-insensitive) for as long as the wrapper lives:
 * a run makes one wrapper, so two plans in one run ask nothing twice. A login only decorates the
 * notes, so the forge failing must not fail the plan: the failure becomes "no login", is reported
 * once, and nothing more is asked, as a 403 or a rate limit would only repeat for every author.
 */
export function cachedCommitAuthors(inner: CommitAuthors, options: CachedCommitAuthorsOptions = {}): CommitAuthors {
  const byEmail = new Map<string, Promise<string | undefined>>();
  const limit = options.limit ?? DEFAULT_LIMIT;
  let failed = false;
  const fail = (error: unknown): undefined => {
    if (!failed) options.onFailure?.(error);
    failed = true;
    return undefined;
  };
  return {
    loginOf(commitSha, email) {
      const key = email.trim().toLowerCase();
      const known = byEmail.get(key);
      if (known !== undefined) return known;
      if (failed || byEmail.size >= limit) return Promise.resolve(undefined);
      let asked: Promise<string | undefined>;
      try {
        asked = inner.loginOf(commitSha, email).catch(fail);
      } catch (error) {
        asked = Promise.resolve(fail(error));
      }
      byEmail.set(key, asked);
      return asked;
    },
  };
}
