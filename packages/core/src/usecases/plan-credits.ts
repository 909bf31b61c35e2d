import { knownAuthorsOf, newContributors, type KnownAuthors, type NewContributor } from "../notes/new-contributors.ts";
import { listedCommits, renderNotes } from "../notes/render-notes.ts";
import type { CommitAuthors } from "../ports/commit-authors.ts";
import type { Git } from "../ports/git.ts";
import type { PackageOutcome } from "../version/package-plan.ts";
import { cachedCommitAuthors } from "./cached-commit-authors.ts";

export interface CreditOptions {
  /** List the authors whose first commit is in the release (only for notes that start after an earlier commit). */
  newContributors: boolean;
}

/**
 * Re-renders each released package's notes with its authors' forge logins and, when the notes start
 * after an earlier release, a New contributors section. Who is new is decided by git alone: the
 * authors of every commit reachable from the notes' lower end (the whole repository, not one
 * package's paths) are known; the forge is asked only for logins, one e-mail at a time (GitHub asks
 * integrators not to send requests for one token concurrently), each e-mail once.
 */
export async function creditAuthors(git: Git, authors: CommitAuthors, outcomes: readonly PackageOutcome[], options: CreditOptions): Promise<void> {
  // Once per plan whatever the caller passed: one lookup per e-mail, and a failure is no login.
  const lookups = cachedCommitAuthors(authors);
  const loginOf = async (hash: string, email: string): Promise<string | undefined> => {
    try {
      return await lookups.loginOf(hash, email);
    } catch {
      return undefined;
    }
  };
  const before = new Map<string, Promise<KnownAuthors>>();
  const knownBefore = (since: string): Promise<KnownAuthors> => {
    let known = before.get(since);
    if (known === undefined) {
      known = (async () => {
        const commits: { authorName: string; authorEmail: string }[] = [];
        for await (const raw of git.log({ to: since })) commits.push({ authorName: raw.authorName, authorEmail: raw.authorEmail });
        return knownAuthorsOf(commits);
      })();
      before.set(since, known);
    }
    return known;
  };

  for (const outcome of outcomes) {
    const source = outcome.notes;
    if (!outcome.plan.released || source === undefined) continue;
    const byHash = new Map(source.commits.map((c) => [c.hash, c]));
    const logins = new Map<string, string>();
    for (const shown of listedCommits(source.input)) {
      const commit = byHash.get(shown.hash);
      if (commit === undefined) continue;
      const login = await loginOf(commit.hash, commit.authorEmail);
      if (login !== undefined) logins.set(commit.hash, login);
    }
    let greeted: NewContributor[] = [];
    if (options.newContributors && source.since !== undefined) {
      greeted = newContributors(source.commits, await knownBefore(source.since));
      for (const n of greeted) {
        const login = await loginOf(n.hash, n.email);
        if (login !== undefined) n.login = login;
      }
    }
    outcome.plan.notes = renderNotes({ ...source.input, logins, ...(greeted.length > 0 ? { newContributors: greeted } : {}) });
  }
}
