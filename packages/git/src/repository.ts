import type { AnnotatedTagInput, Git, LogQuery, RawCommit, TagRef } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { TagConflictError } from "@relm/core/ports/forge";
import { commitPaths } from "./commit-paths.ts";
import { streamLog } from "./log-stream.ts";
import { gitEnvironment, gitFailure, gitOutput, runGit, type GitContext } from "./run-git.ts";
import { repositoryFacts, type RepositoryFacts } from "./repository-facts.ts";
import { listTags } from "./tags.ts";

export interface GitRepositoryOptions {
  /** Environment for git (identity, config); default process.env. */
  env?: NodeJS.ProcessEnv;
  onSpawn?: GitContext["onSpawn"];
}

/** The local repository behind the `Git` port, plus the work tree root the CLI writes files into. */
export interface GitRepository extends Git {
  readonly cwd: string;
  /** Absolute path of the work tree's top level. */
  root(): Promise<string>;
  /** The top level, whether the clone is shallow and `ref`'s commit, from one git process. */
  facts(ref: string): Promise<RepositoryFacts>;
  /** Commits these paths (relative to the root) alone; undefined when none differs from HEAD. */
  commitPaths(paths: readonly string[], message: string): Promise<string | undefined>;
}

/** The `Git` port over the git CLI in `cwd`. */
export function gitRepository(cwd: string, options: GitRepositoryOptions = {}): GitRepository {
  const ctx: GitContext = { cwd, env: gitEnvironment(options.env ?? process.env), ...(options.onSpawn ? { onSpawn: options.onSpawn } : {}) };

  const resolve = async (ref: string): Promise<string> => {
    const result = await runGit(ctx, ["rev-parse", "-q", "--verify", "--end-of-options", `${ref}^{commit}`]);
    if (result.code === 0) return result.stdout.trim();
    if (/not a git repository/i.test(result.stderr)) throw gitFailure(ctx, ["rev-parse"], result);
    throw new RelmError("RELM_GIT_REF_NOT_FOUND", "usage", `git ref ${JSON.stringify(ref)} does not exist in this repository`, {
      details: [{ where: ref, message: "no branch, tag or commit of that name (or it does not point at a commit)" }],
      hint: "Check the spelling; in CI, fetch tags and full history (GitHub Actions: actions/checkout with fetch-depth: 0).",
    });
  };

  const isShallow = async (): Promise<boolean> => (await gitOutput(ctx, ["rev-parse", "--is-shallow-repository"])).trim() === "true";
  const root = async (): Promise<string> => (await gitOutput(ctx, ["rev-parse", "--show-toplevel"])).trim();

  return {
    cwd,
    resolve,
    log: (query: LogQuery): AsyncIterable<RawCommit> => streamLog(ctx, query),
    tags: (): Promise<TagRef[]> => listTags(ctx),

    async isAncestor(ancestor, descendant) {
      // One process per question (the planner asks once per candidate tag); refs are resolved only
      // to explain a failure.
      const args = ["merge-base", "--is-ancestor", "--end-of-options", ancestor, descendant];
      const result = await runGit(ctx, args);
      if (result.code === 0) return true;
      if (result.code === 1) return false;
      await Promise.all([resolve(ancestor), resolve(descendant)]);
      throw gitFailure(ctx, args, result);
    },

    isShallow,

    async currentBranch() {
      const result = await runGit(ctx, ["symbolic-ref", "-q", "--short", "HEAD"]);
      if (result.code === 0) return result.stdout.trim();
      if (result.code === 1) return undefined; // detached HEAD
      throw gitFailure(ctx, ["symbolic-ref", "HEAD"], result);
    },

    async remoteUrl(remote = "origin") {
      const result = await runGit(ctx, ["remote", "get-url", "--", remote]);
      if (result.code === 0) return result.stdout.trim() || undefined;
      if (/not a git repository/i.test(result.stderr)) throw gitFailure(ctx, ["remote"], result);
      return undefined;
    },

    async readFile(rev, path) {
      // Resolve first so a missing revision is an error, and only a missing path means "absent".
      const commit = await resolve(rev);
      const result = await runGit(ctx, ["cat-file", "blob", `${commit}:${path.replace(/^\.?\//, "")}`]);
      return result.code === 0 ? result.stdout : undefined;
    },

    async createAnnotatedTag(tag: AnnotatedTagInput) {
      const commit = await resolve(tag.commit);
      const existing = await tagCommit(ctx, tag.name);
      if (existing !== undefined) {
        if (existing === commit) return { created: false };
        throw new TagConflictError(tag.name, existing, commit);
      }
      // verbatim: release notes are Markdown, and their `# headings` must survive git's comment stripping.
      const args = ["tag", "-a", "--cleanup=verbatim", "-F", "-", "--end-of-options", tag.name, commit];
      const result = await runGit(ctx, args, tag.message);
      if (result.code === 0) return { created: true };
      const raced = await tagCommit(ctx, tag.name);
      if (raced === commit) return { created: false };
      if (raced !== undefined) throw new TagConflictError(tag.name, raced, commit);
      if (/tell me who you are|empty ident/i.test(result.stderr)) {
        throw new RelmError("RELM_GIT_NO_IDENTITY", "config", `git has no identity to sign tag ${tag.name} with`, {
          hint: "Set user.name and user.email (or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL) in the job.",
        });
      }
      if (/is not a valid tag name/i.test(result.stderr)) {
        throw new RelmError("RELM_GIT_BAD_TAG_NAME", "usage", `${JSON.stringify(tag.name)} is not a valid git tag name`, {
          hint: "Tag names may not contain spaces, `..`, `~`, `^`, `:`, `?`, `*`, `[` or `\\`; see git check-ref-format.",
        });
      }
      throw gitFailure(ctx, ["tag", "-a", tag.name], result);
    },

    root,
    facts: (ref) => repositoryFacts(ctx, ref, { root, isShallow }),
    commitPaths: async (paths, message) => commitPaths({ ...ctx, cwd: await root() }, paths, message),
  };
}

/** The commit a tag points at (peeled), undefined when there is no such tag. */
async function tagCommit(ctx: GitContext, name: string): Promise<string | undefined> {
  const result = await runGit(ctx, ["rev-parse", "-q", "--verify", `refs/tags/${name}^{commit}`]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}
