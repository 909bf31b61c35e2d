import type { ConventionalCommit } from "../commits/index.ts";
import { creditedAuthor } from "./credited-author.ts";
import type { RepositoryLinks } from "./repository-links.ts";

/** Who had committed before a release: git e-mails and names, lower-cased. */
export interface KnownAuthors {
  emails: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

/** An author whose first commit is in this release, with that commit. */
export interface NewContributor {
  name: string;
  email: string;
  /** Set once the forge has named the author's login. */
  login?: string;
  hash: string;
  shortHash: string;
  /** The pull request (`#12`) or merge request (`!12`) a squash merge names at the end of its subject. */
  request?: { sigil: "#" | "!"; number: string };
}

const key = (text: string): string => text.trim().toLowerCase();

/** GitHub Apps commit as `name[bot]` with `<id>+name[bot]@users.noreply.github.com`: bots are not greeted. */
export function isBot(name: string, email: string): boolean {
  return /\[bot\]$/i.test(name.trim()) || /\[bot\]@users\.noreply\.github\.com$/i.test(email.trim());
}

/** The e-mails and names of the authors of `commits`. */
export function knownAuthorsOf(commits: Iterable<{ authorName: string; authorEmail: string }>): KnownAuthors {
  const emails = new Set<string>();
  const names = new Set<string>();
  for (const c of commits) {
    emails.add(key(c.authorEmail));
    names.add(key(c.authorName));
  }
  return { emails, names };
}

/**
 * The authors of `commits` (a release's range, newest first) who had no commit before it, each with
 * their oldest commit in the range, oldest first. Someone is known by e-mail or by name: a person who
 * moved to a new e-mail is not greeted again (a greeting too few is better than one too many).
 * Merge commits and bots do not count.
 */
export function newContributors(commits: readonly ConventionalCommit[], known: KnownAuthors): NewContributor[] {
  const out: NewContributor[] = [];
  const listed = new Set<string>();
  for (let i = commits.length - 1; i >= 0; i--) {
    const c = commits[i];
    if (c === undefined || c.merge || isBot(c.authorName, c.authorEmail)) continue;
    const email = key(c.authorEmail);
    const name = key(c.authorName);
    if (known.emails.has(email) || known.names.has(name) || listed.has(email) || listed.has(`name:${name}`)) continue;
    listed.add(email).add(`name:${name}`);
    const request = /\((#|!)(\d+)\)$/.exec(c.subject.trim());
    out.push({
      name: c.authorName,
      email: c.authorEmail,
      hash: c.hash,
      shortHash: c.shortHash,
      ...(request ? { request: { sigil: request[1] === "!" ? "!" : "#", number: request[2] ?? "" } } : {}),
    });
  }
  return out;
}

/** The section's lines, as GitHub writes them: `* @login made their first contribution in #12`. */
export function newContributorLines(list: readonly NewContributor[], links: RepositoryLinks | undefined): string[] {
  if (list.length === 0) return [];
  const lines = ["### New contributors", ""];
  for (const n of list) {
    const url = n.request ? (n.request.sigil === "#" ? links?.issue(n.request.number) : links?.mergeRequest?.(n.request.number)) : links?.commit(n.hash);
    const text = n.request ? `${n.request.sigil}${n.request.number}` : n.shortHash;
    lines.push(`* ${creditedAuthor(n.name, n.login)} made their first contribution in ${url === undefined ? text : `[${text}](${url})`}`);
  }
  lines.push("");
  return lines;
}
