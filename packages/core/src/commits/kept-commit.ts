import type { ConventionalCommit, IssueReference } from "./conventional-commit.ts";

/**
 * A copy of a string that holds none of a larger one. A string cut from a larger one keeps the
 * larger alive in V8 (a sliced string); concatenating and cutting again does not always copy (V8
 * cuts from the part that holds the range), a round trip through JSON text does. Below 13 characters
 * V8 copies anyway.
 */
const own = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

function ownReference(r: IssueReference): IssueReference {
  return { issue: own(r.issue), ...(r.repository !== undefined ? { repository: own(r.repository) } : {}), ...(r.action !== undefined ? { action: own(r.action) } : {}) };
}

/**
 * The commit as the plan keeps it: no body (read for its footers, never shown), and the strings cut
 * from the message copied. Every subject held its commit's whole message otherwise: ~200 MB over 27k
 * commits with bot bodies. Only message-derived fields are copied: git's other fields arrive as
 * strings of their own. Much cheaper than a JSON round trip of the whole commit.
 */
export function keptCommit(commit: ConventionalCommit): ConventionalCommit {
  const { body: _body, subject, description, type, scope, breakingNotes, releaseAs, references, revert, ...rest } = commit;
  const out: ConventionalCommit = {
    ...rest,
    subject: own(subject),
    description: own(description),
    breakingNotes: breakingNotes.map(own),
    references: references.map(ownReference),
  };
  if (type !== undefined) out.type = own(type);
  if (scope !== undefined) out.scope = own(scope);
  if (releaseAs !== undefined) out.releaseAs = own(releaseAs);
  if (revert !== undefined) out.revert = { ...(revert.hash !== undefined ? { hash: own(revert.hash) } : {}), ...(revert.header !== undefined ? { header: own(revert.header) } : {}) };
  return out;
}
