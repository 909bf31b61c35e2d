import { RelmError } from "@relm/core";
import { githubForge, type GitHubForge } from "./forge.ts";

/** The GitHub forge for the CLI: token from --token, RELM_GITHUB_TOKEN or GITHUB_TOKEN; the rest from GITHUB_* variables. */
export function githubForgeFromEnv(env: NodeJS.ProcessEnv, token?: string): GitHubForge {
  const auth = token ?? env.RELM_GITHUB_TOKEN ?? env.GITHUB_TOKEN;
  if (!auth) {
    throw new RelmError("RELM_GITHUB_TOKEN", "usage", "talking to GitHub needs a token", {
      hint: "Pass --token, or set GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }}).",
    });
  }
  if (!env.GITHUB_REPOSITORY) {
    throw new RelmError("RELM_GITHUB_CONTEXT", "usage", "GITHUB_REPOSITORY is not set", { details: [{ where: "GITHUB_REPOSITORY", message: "expected owner/name" }] });
  }
  return githubForge({
    token: auth,
    repository: env.GITHUB_REPOSITORY,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    ...(env.GITHUB_SERVER_URL ? { serverUrl: env.GITHUB_SERVER_URL } : {}),
  });
}
