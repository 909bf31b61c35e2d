import type { Command } from "commander";
import type { CommitAuthors, ForgeKind } from "@relm/core";
import { cachedCommitAuthors } from "@relm/core/usecases/cached-commit-authors";

/**
 * RELM_NOTES_LOGINS=false asks the forge nothing, as if there were no token: a test suite run inside
 * a CI job must not ask that job's real forge about its fixtures' authors (vitest.config.ts sets it).
 */
function loginsOff(env: NodeJS.ProcessEnv): boolean {
  return env.RELM_NOTES_LOGINS?.trim().toLowerCase() === "false";
}

function verboseOf(command: Command, env: NodeJS.ProcessEnv): boolean {
  return command.optsWithGlobals<{ verbose?: boolean }>().verbose === true || env.RELM_DEBUG === "1";
}

// One process is one run: `relm publish` plans once on its own and once more for the candidate,
// and both take the lookup the first one made, so no e-mail is asked about twice.
let shared: { kind: ForgeKind; authors: CommitAuthors } | undefined;

/**
 * The run's one login lookup: each e-mail asked once across every plan the command makes. A forge
 * that fails is said once, on stderr with --verbose; the notes then name the git authors.
 */
export function runLogins(kind: ForgeKind, adapter: CommitAuthors | undefined, command: Command, env: NodeJS.ProcessEnv): CommitAuthors | undefined {
  if (adapter === undefined || loginsOff(env)) return undefined;
  if (shared?.kind === kind) return shared.authors;
  const verbose = verboseOf(command, env);
  const authors = cachedCommitAuthors(adapter, {
    onFailure: (error) => {
      if (!verbose) return;
      const why = error instanceof Error ? error.message : String(error);
      process.stderr.write(`relm: debug: the forge named no logins (${why}); the notes name git authors\n`);
    },
  });
  shared = { kind, authors };
  return authors;
}

/** Only the login lookup, for commands that build no forge (plan, notes, prepare): GitHub's client or GitLab's, from the token. */
async function adapterOf(kind: ForgeKind, env: NodeJS.ProcessEnv, token: string | undefined): Promise<CommitAuthors | undefined> {
  if (kind === "github") {
    const auth = token || env.RELM_GITHUB_TOKEN || env.GITHUB_TOKEN;
    if (!auth || !env.GITHUB_REPOSITORY) return undefined;
    const { createGitHubClient, githubCommitAuthors } = await import("@relm/github");
    // One retry of a 5xx: a login is a decoration, not worth the client's usual back-off of seconds.
    const client = createGitHubClient({ token: auth, repository: env.GITHUB_REPOSITORY, retries: 1, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
    return githubCommitAuthors(client);
  }
  if (kind === "gitlab") {
    const given = token || env.GITLAB_TOKEN || env.RELM_GITLAB_TOKEN;
    const host = (env.RELM_GITLAB_HOST || env.CI_SERVER_URL || "").trim();
    // CI_JOB_TOKEN may not search users: only a token the user gave.
    if (!given || !host) return undefined;
    const { createGitlabClient, gitlabCommitAuthors } = await import("@relm/gitlab");
    return gitlabCommitAuthors(createGitlabClient({ host, auth: { kind: "token", value: given } }));
  }
  return undefined;
}

/**
 * The login lookup of a command that plans without a forge of its own: on the CI host (or the
 * command's --forge) with a token; otherwise undefined, and the plan runs offline as it always did.
 */
export async function planLogins(command: Command, env: NodeJS.ProcessEnv): Promise<CommitAuthors | undefined> {
  const o = command.opts<{ forge?: string; token?: string }>();
  // No token anywhere (every local run): nothing to load, nothing to ask.
  if (loginsOff(env) || !(o.token || env.RELM_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GITLAB_TOKEN || env.RELM_GITLAB_TOKEN)) return undefined;
  const { detectForge } = await import("./forges.ts");
  const kind = detectForge(env, o.forge);
  return runLogins(kind, await adapterOf(kind, env, o.token), command, env);
}
