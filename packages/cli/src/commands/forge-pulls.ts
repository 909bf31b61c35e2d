import type { ForgeKind } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import type { ReleasePulls } from "@relm/core/ports/release-pulls";
import type { CommitVia } from "@relm/github";

/** The GitHub side of `relm pr`; GitHub's client library is loaded only when GitHub is used. */
async function githubPulls(env: NodeJS.ProcessEnv, auth: string | undefined, commitVia: CommitVia): Promise<ReleasePulls> {
  if (!auth) throw new RelmError("RELM_GITHUB_TOKEN", "usage", "talking to GitHub needs a token", { hint: "Pass --token, or set GITHUB_TOKEN; `relm pr --dry-run` without one says what it would commit." });
  const { createGitHubClient, gitHubReleasePulls } = await import("@relm/github");
  if (!env.GITHUB_REPOSITORY) throw new RelmError("RELM_GITHUB_CONTEXT", "usage", "GITHUB_REPOSITORY is not set", { details: [{ where: "GITHUB_REPOSITORY", message: "expected owner/name" }] });
  const client = createGitHubClient({ token: auth, repository: env.GITHUB_REPOSITORY, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
  return gitHubReleasePulls(client, { commitVia, warn: (m) => void process.stderr.write(`relm: warning: ${m}\n`) });
}

/** The token `relm pr` uses on a forge: --token, else the forge's variables (never GitLab's CI_JOB_TOKEN). */
export function forgeToken(kind: ForgeKind, env: NodeJS.ProcessEnv, token: string | undefined): string | undefined {
  if (token) return token;
  if (kind === "github") return env.RELM_GITHUB_TOKEN || env.GITHUB_TOKEN || undefined;
  if (kind === "gitlab") return env.RELM_GITLAB_TOKEN || env.GITLAB_TOKEN || undefined;
  return undefined;
}

/** The instance URL GitLab's client wants, from CI_API_V4_URL (which keeps a relative URL root) when set. */
function gitlabHost(env: NodeJS.ProcessEnv): string | undefined {
  const api = env.CI_API_V4_URL?.trim().replace(/\/+$/, "");
  return env.RELM_GITLAB_HOST?.trim() || (api && /\/api\/v4$/.test(api) ? api.replace(/\/api\/v4$/, "") : undefined) || env.CI_SERVER_URL?.trim() || undefined;
}

/**
 * The GitLab side of `relm pr`. Unlike the other GitLab steps it never falls back to CI_JOB_TOKEN:
 * the job token cannot write commits nor merge requests, so the run would fail half-way.
 */
async function gitlabPulls(env: NodeJS.ProcessEnv, auth: string | undefined): Promise<ReleasePulls> {
  if (!auth) {
    const jobTokenOnly = Boolean(env.CI_JOB_TOKEN);
    throw new RelmError(
      "RELM_PR_GITLAB_TOKEN",
      "usage",
      jobTokenOnly ? "relm pr cannot use CI_JOB_TOKEN: GitLab does not let the job token create commits or merge requests" : "relm pr on GitLab needs a token",
      {
        hint: "Set RELM_GITLAB_TOKEN (or GITLAB_TOKEN) to a project access token with the api scope and the Developer role, as a masked CI/CD variable, or pass --token.",
        details: [{ where: "RELM_GITLAB_TOKEN", message: jobTokenOnly ? "not set; only CI_JOB_TOKEN is" : "not set" }],
      },
    );
  }
  const { createGitlabClient, gitlabReleasePulls, gitlabSettingsFromEnv } = await import("@relm/gitlab");
  const host = gitlabHost(env);
  const settings = gitlabSettingsFromEnv({ ...env, RELM_GITLAB_HOST: host ?? "" }, auth);
  return gitlabReleasePulls(createGitlabClient({ host: settings.host, auth: { kind: "token", value: auth } }), settings.project);
}

/** The forge's release PR/MR adapter; RELM_PR_FORGE for a forge that has no pull requests (local). */
export function forgePulls(kind: ForgeKind, env: NodeJS.ProcessEnv, token: string | undefined, options: { commitVia: CommitVia }): Promise<ReleasePulls> {
  if (kind === "github") return githubPulls(env, token, options.commitVia);
  if (kind === "gitlab") return gitlabPulls(env, token);
  throw new RelmError("RELM_PR_FORGE", "usage", `relm pr needs a forge with pull or merge requests: github or gitlab, not ${kind}`, {
    hint: "Pass --forge github or --forge gitlab, or run it in a GitHub Actions or GitLab CI job.",
  });
}
