import type { ForgeAdapters } from "@relm/core";
import type { TaggedPulls } from "@relm/core/ports/release-pulls";
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "./client.ts";
import { githubTags, type GitHubTagWriter } from "./tags.ts";
import { githubReleases, type GitHubReleaseWriter } from "./releases.ts";
import { githubChecks } from "./checks.ts";
import { githubDeployments } from "./deployments.ts";
import { githubAnnouncer } from "./announcer.ts";
import { githubDeploymentWriter } from "./deployment-writer.ts";
import { githubEnvironmentApprovals, githubMembers } from "./approvals.ts";
import { githubTaggedPulls } from "./tagged-pulls.ts";
import { githubCommitAuthors } from "./commit-authors.ts";

export interface GitHubForge extends ForgeAdapters {
  kind: "github";
  client: GitHubClient;
  tags: GitHubTagWriter;
  releases: GitHubReleaseWriter;
  taggedPulls: TaggedPulls;
}

/** Every GitHub capability over one client; change-request approvals are built on top when asked for. */
export function githubForge(options: GitHubClientOptions & { now?: () => Date }): GitHubForge {
  const client = createGitHubClient(options);
  return {
    kind: "github",
    client,
    tags: githubTags(client),
    releases: githubReleases(client),
    checks: githubChecks(client),
    deployments: githubDeployments(client),
    deploymentWriter: githubDeploymentWriter(client),
    announcer: githubAnnouncer(client),
    approvals: githubEnvironmentApprovals(client, options.now),
    members: githubMembers(client),
    taggedPulls: githubTaggedPulls(client),
    authors: githubCommitAuthors(client),
  };
}
