import type { ConventionalCommit } from "./conventional-commit.ts";

export interface RevertOutcome {
  /** Commits that still count: neither reverted inside the range nor a revert of one. */
  kept: ConventionalCommit[];
  /** Pairs that cancel out: the revert and the commit it reverts, both inside the range. */
  cancelled: Array<{ revert: string; reverted: string }>;
}

/**
 * A revert inside the range cancels the commit it reverts (and itself): neither bumps nor shows.
 * Commits come newest first, so a revert is seen before what it reverts; a revert of a revert
 * restores the original. Matching is by hash prefix, else by the reverted header. O(n).
 */
export function cancelReverts(commits: readonly ConventionalCommit[]): RevertOutcome {
  // Most ranges hold no revert at all: skip building the indexes.
  if (!commits.some((c) => c.revert !== undefined)) return { kept: [...commits], cancelled: [] };
  const byPrefix = new Map<string, ConventionalCommit>();
  const bySubject = new Map<string, ConventionalCommit>();
  for (const c of commits) {
    byPrefix.set(c.hash.slice(0, 7), c);
    if (!bySubject.has(c.subject)) bySubject.set(c.subject, c);
  }
  const dropped = new Set<string>();
  const cancelled: RevertOutcome["cancelled"] = [];
  for (const c of commits) {
    if (!c.revert || dropped.has(c.hash)) continue;
    let target: ConventionalCommit | undefined;
    const h = c.revert.hash;
    if (h !== undefined && h.length >= 7) {
      const candidate = byPrefix.get(h.slice(0, 7));
      if (candidate?.hash.startsWith(h)) target = candidate;
    }
    if (!target && c.revert.header !== undefined) target = bySubject.get(c.revert.header);
    if (!target || target === c || dropped.has(target.hash)) continue;
    dropped.add(c.hash);
    dropped.add(target.hash);
    cancelled.push({ revert: c.hash, reverted: target.hash });
  }
  return { kept: dropped.size === 0 ? [...commits] : commits.filter((c) => !dropped.has(c.hash)), cancelled };
}
