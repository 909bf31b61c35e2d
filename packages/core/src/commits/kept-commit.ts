import type { ConventionalCommit, IssueReference } from "./conventional-commit.ts";

/**
 * A copy of a string that holds none of a larger one. A string cut from a larger one keeps the
 * larger alive in V8 (a sliced string); concatenating and cutting again does not always copy (V8
 * cuts from the part that holds the range), a round trip through JSON text does. Below 13 characters
 * V8 copies anyway.
 */
export const ownText = (s: string): string => (s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string));

function ownReference(r: IssueReference): IssueReference {
  if (r.repository === undefined && r.action === undefined) return { issue: ownText(r.issue) };
  return { issue: ownText(r.issue), ...(r.repository !== undefined ? { repository: ownText(r.repository) } : {}), ...(r.action !== undefined ? { action: ownText(r.action) } : {}) };
}

// Most commits have no references and no breaking notes: they all share one empty list (frozen,
// so a later push fails loudly rather than writing into every commit).
const NONE = Object.freeze([]) as unknown as never[];

/**
 * A commit parsed with `kept` (see parse-commit.ts) with the rest of what its message gave copied:
 * the footers' strings (references, notes, Release-As, a revert's header) are cut from the body.
 * Subject, type, scope and description were cut from the header's own copy and are left alone.
 */
export function keptCommit(commit: ConventionalCommit): ConventionalCommit {
  commit.references = commit.references.length > 0 ? commit.references.map(ownReference) : NONE;
  commit.breakingNotes = commit.breakingNotes.length > 0 ? commit.breakingNotes.map(ownText) : NONE;
  if (commit.releaseAs !== undefined) commit.releaseAs = ownText(commit.releaseAs);
  const revert = commit.revert;
  if (revert !== undefined) commit.revert = { ...(revert.hash !== undefined ? { hash: ownText(revert.hash) } : {}), ...(revert.header !== undefined ? { header: ownText(revert.header) } : {}) };
  return commit;
}
