import { RelmError } from "@relm/core";
import { registerRegistryBackend } from "@relm/registry";
import { createGitHubClient } from "./client.ts";
import { githubReleaseRegistry } from "./release-registry.ts";

/**
 * Adds `github-release:` (this repository) and `github-release:OWNER/REPO` to the registry backend map.
 * The token comes from RELM_GITHUB_TOKEN or GITHUB_TOKEN, the API root from GITHUB_API_URL.
 */
export function registerGitHubReleaseBackend(): void {
  registerRegistryBackend("github-release", (url, context) => {
    const named = url.slice("github-release:".length).replace(/^\/+/, "");
    const repository = named || context.env.GITHUB_REPOSITORY || "";
    const token = context.env.RELM_GITHUB_TOKEN ?? context.env.GITHUB_TOKEN;
    if (!token) {
      throw new RelmError("RELM_GITHUB_TOKEN", "config", "the github-release registry needs a token", {
        details: [{ where: "registry.url", message: url }],
        hint: "Set GITHUB_TOKEN (the actions pass their `token` input) or RELM_GITHUB_TOKEN, with contents: write.",
      });
    }
    const client = createGitHubClient({
      token,
      repository,
      ...(context.env.GITHUB_API_URL ? { baseUrl: context.env.GITHUB_API_URL } : {}),
      ...(context.env.GITHUB_SERVER_URL ? { serverUrl: context.env.GITHUB_SERVER_URL } : {}),
      ...(context.fetch ? { fetch: context.fetch } : {}),
    });
    return githubReleaseRegistry(client);
  });
}
