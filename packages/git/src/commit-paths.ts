import { RelmError } from "@relm/core/errors";
import { gitFailure, gitOutput, runGit, type GitContext } from "./run-git.ts";

/**
 * Commits exactly `paths` (other staged or modified files stay out) with `message` given on stdin,
 * never argv. Ignored paths that git does not track are left out (a lockfile in .gitignore).
 * Returns the new commit, or undefined when none of the paths differs from HEAD.
 */
export async function commitPaths(ctx: GitContext, paths: readonly string[], message: string): Promise<string | undefined> {
  if (paths.length === 0) return undefined;
  const ignored = await runGit(ctx, ["check-ignore", "-z", "--stdin"], `${paths.join("\0")}\0`);
  const left = new Set(ignored.code === 0 ? ignored.stdout.split("\0").filter(Boolean) : []);
  const kept = paths.filter((p) => !left.has(p));
  if (kept.length === 0) return undefined;
  await gitOutput(ctx, ["--literal-pathspecs", "add", "--", ...kept]);
  const diff = await runGit(ctx, ["--literal-pathspecs", "diff", "--cached", "--quiet", "HEAD", "--", ...kept]);
  if (diff.code === 0) return undefined;
  if (diff.code !== 1) throw gitFailure(ctx, ["diff", "--cached"], diff);
  const args = ["--literal-pathspecs", "commit", "-q", "--cleanup=verbatim", "-F", "-", "--", ...kept];
  const result = await runGit(ctx, args, message);
  if (result.code !== 0) {
    if (/tell me who you are|empty ident/i.test(result.stderr)) {
      throw new RelmError("RELM_GIT_NO_IDENTITY", "config", "git has no identity to make the release commit with", {
        hint: "Set user.name and user.email (or GIT_AUTHOR_NAME/EMAIL and GIT_COMMITTER_NAME/EMAIL) in the job.",
      });
    }
    throw gitFailure(ctx, ["commit"], result);
  }
  return (await gitOutput(ctx, ["rev-parse", "HEAD"])).trim();
}
