// The public face of @relm/github: the GitHub adapter (Octokit) and the GitHub Actions runtime.
export { createGitHubClient, parseRepository, type GitHubClient, type GitHubClientOptions, type GitHubOctokit, type RepoRef } from "./client.ts";
export { requestError, parseAnswer } from "./call.ts";
export { githubTags, type GitHubTagWriter } from "./tags.ts";
export { githubReleases, type GitHubReleaseWriter } from "./releases.ts";
export { githubChecks } from "./checks.ts";
export { githubDeployments } from "./deployments.ts";
export { githubDeploymentWriter } from "./deployment-writer.ts";
export { githubEnvironmentApprovals, githubMembers } from "./approvals.ts";
export { changeRequestApprovals, changeRequestLabel, type ChangeRequestOptions, type ChangeRequestOutcome } from "./change-request.ts";
export { githubForge, type GitHubForge } from "./forge.ts";
export { githubRunContext, type GitHubRunContext } from "./context.ts";
export { actionsRuntime, printVerbatim } from "./runtime.ts";
export { escapeMarkdown, table } from "./markdown.ts";
export { runAction, failureText, exitCodeOf, type ActionContext } from "./action/run-action.ts";
export { readSettings, input, inputVariable, type InputSpec, type Settings } from "./action/inputs.ts";
export { openProject, planProject, type Project } from "./action/project.ts";
export { tagTargets, releaseAuthorship, releaseBefore, releaseCommits, releasedPackages, versionOutputs } from "./action/plan-facts.ts";
export { planSummary, decisionTable, approvalsTable } from "./action/summary.ts";
export { unfinishedTargets } from "./action/resume.ts";
export { changeRequestJudge, type JudgeContext } from "./action/change-request-judge.ts";
export { runRefs, type RunRefs } from "./action/refs.ts";
export { annotateViolations, gateSummary } from "./action/gate-report.ts";
export { githubReleaseRegistry, assetSafe } from "./release-registry.ts";
export { registerGitHubReleaseBackend } from "./release-registry-backend.ts";
export { planStep } from "./action/steps/plan.ts";
export { gateStep } from "./action/steps/gate.ts";
export { tagStep } from "./action/steps/tag.ts";
export { approveStep } from "./action/steps/approve.ts";
export { publishStep } from "./action/steps/publish.ts";
export { releaseStep } from "./action/steps/release.ts";
export { reportStep, reportOutputs, fenced } from "./action/steps/report.ts";
export { githubForgeFromEnv } from "./forge-from-env.ts";

// `github-release:` joins the registry backend map as soon as the GitHub adapter is loaded.
import { registerGitHubReleaseBackend as register } from "./release-registry-backend.ts";
register();
