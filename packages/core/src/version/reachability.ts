import type { Git } from "../ports/git.ts";

// Past this many one-off ancestry checks, one walk of the history is cheaper (a fidelity replay or
// a repository with many unmerged release branches asks about hundreds of tags).
const CHECKS_BEFORE_WALK = 6;

/** Answers "is this commit reachable from `to`?" with a few git checks, or one history walk. */
export function reachabilityFrom(git: Git, to: string): (commit: string) => Promise<boolean> {
  const known = new Map<string, boolean>();
  let checks = 0;
  let walked: Promise<Set<string>> | undefined;
  const walk = async (): Promise<Set<string>> => {
    const seen = new Set<string>();
    for await (const c of git.log({ to })) seen.add(c.hash);
    return seen;
  };
  return async (commit) => {
    if (commit === to) return true;
    const cached = known.get(commit);
    if (cached !== undefined) return cached;
    let answer: boolean;
    if (walked !== undefined || checks >= CHECKS_BEFORE_WALK) {
      walked ??= walk();
      answer = (await walked).has(commit);
    } else {
      checks++;
      answer = await git.isAncestor(commit, to);
    }
    known.set(commit, answer);
    return answer;
  };
}
