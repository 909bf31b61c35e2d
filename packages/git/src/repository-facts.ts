import { runGit, type GitContext } from "./run-git.ts";

/** What a run asks a repository first, answered by one git process. */
export interface RepositoryFacts {
  /** Absolute path of the work tree's top level. */
  root: string;
  shallow: boolean;
  /** The commit the ref names; undefined when it names none (resolving it again gives the error). */
  commit: string | undefined;
}

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The top level, the shallow flag and `ref`'s commit from one `git rev-parse` (each git process
 * costs a fork of the whole Node process). rev-parse prints each answer as it goes, so a ref that
 * does not resolve still leaves the first two; anything else unexpected asks `separately`, which
 * gives the errors the one-question calls always gave.
 */
export async function repositoryFacts(
  ctx: GitContext,
  ref: string,
  separately: { root(): Promise<string>; isShallow(): Promise<boolean> },
): Promise<RepositoryFacts> {
  const result = await runGit(ctx, ["rev-parse", "--show-toplevel", "--is-shallow-repository", "-q", "--verify", "--end-of-options", `${ref}^{commit}`]);
  const [root = "", shallow, commit, rest] = result.stdout.split("\n");
  const flag = shallow === "true" || shallow === "false";
  if (result.code === 0 && flag && commit !== undefined && HASH.test(commit) && rest === "") return { root: root.trim(), shallow: shallow === "true", commit };
  if (result.code === 1 && flag && commit === "" && rest === undefined && result.stderr === "") return { root: root.trim(), shallow: shallow === "true", commit: undefined };
  const [top, isShallow] = await Promise.all([separately.root(), separately.isShallow()]);
  return { root: top, shallow: isShallow, commit: undefined };
}
