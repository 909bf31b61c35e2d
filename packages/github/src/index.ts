// The public face of @relm/github: the GitHub adapter (Octokit) and the GitHub Actions runtime.
export { createGitHubClient, parseRepository, type GitHubClient, type GitHubClientOptions, type GitHubOctokit, type RepoRef } from "./client.ts";
export { requestError, parseAnswer } from "./call.ts";
export { githubTags, type GitHubTagWriter } from "./tags.ts";
export { githubReleases, type GitHubReleaseWriter } from "./releases.ts";
export { githubChecks } from "./checks.ts";
export { githubDeployments } from "./deployments.ts";
export { githubEnvironmentApprovals, githubMembers } from "./approvals.ts";
export { changeRequestApprovals, changeRequestLabel, parseCommand, type ChangeRequestOptions, type ChangeRequestOutcome } from "./change-request.ts";
export { githubForge, type GitHubForge } from "./forge.ts";
export { githubRunContext, type GitHubRunContext } from "./context.ts";
export { actionsRuntime, printVerbatim } from "./runtime.ts";
export { escapeMarkdown, table } from "./markdown.ts";
export { runAction, failureText, exitCodeOf, type ActionContext } from "./action/run-action.ts";
export { readSettings, input, inputVariable, type InputSpec, type Settings } from "./action/inputs.ts";
export { openProject, planProject, type Project } from "./action/project.ts";
export { tagTargets, releaseAuthorship, releasedPackages, versionOutputs } from "./action/plan-facts.ts";
export { planSummary, decisionTable, approvalsTable } from "./action/summary.ts";
export { unfinishedTargets, floatingTagOf } from "./action/resume.ts";
