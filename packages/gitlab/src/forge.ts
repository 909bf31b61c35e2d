import type { ForgeAdapters } from "@relm/core";
import { createGitlabClient, type GitlabClient } from "./client.ts";
import type { HttpOptions } from "./http.ts";
import type { GitlabSettings } from "./settings.ts";
import { gitlabTagWriter } from "./tags.ts";
import { gitlabReleaseWriter } from "./releases.ts";
import { gitlabCheckReader } from "./checks.ts";
import { gitlabDeploymentReader } from "./deployments.ts";
import { gitlabDeploymentWriter } from "./deployment-writer.ts";
import { gitlabFreezeReader } from "./freezes.ts";
import { gitlabApprovalReader } from "./approvals.ts";
import { gitlabMembershipReader } from "./members.ts";
import { gitlabAnnouncer } from "./announcer.ts";
import { gitlabCommitAuthors } from "./commit-authors.ts";
import { gitlabTaggedPulls } from "./tagged-pulls.ts";

/** Every GitLab capability for one run, over one client. */
export function gitlabForge(settings: GitlabSettings, http: HttpOptions = {}): ForgeAdapters & { client: GitlabClient } {
  const client = createGitlabClient({ host: settings.host, ...(settings.auth ? { auth: settings.auth } : {}), ...http });
  const project = settings.project;
  return {
    kind: "gitlab",
    client,
    tags: gitlabTagWriter(client, project),
    releases: gitlabReleaseWriter(client, project, settings.milestones ? { milestones: settings.milestones } : {}),
    checks: gitlabCheckReader(client, project, settings.pipelineId === undefined ? {} : { currentPipelineId: settings.pipelineId }),
    deployments: gitlabDeploymentReader(client, project),
    deploymentWriter: gitlabDeploymentWriter(client, project, settings.projectUrl ? { projectUrl: settings.projectUrl } : {}),
    freezes: gitlabFreezeReader(client, project),
    approvals: gitlabApprovalReader(client, project, settings.approval),
    members: gitlabMembershipReader(client),
    announcer: gitlabAnnouncer(client, project),
    taggedPulls: gitlabTaggedPulls(client, project),
    // CI_JOB_TOKEN may not read /users: with it the notes keep the git names and ask nothing.
    ...(settings.auth?.kind === "token" ? { authors: gitlabCommitAuthors(client) } : {}),
  };
}
