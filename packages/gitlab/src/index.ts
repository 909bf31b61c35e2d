// The public face of @relm/gitlab: the GitLab adapters, the GitLab CI runtime and the package registry backend.
export { createGitlabClient, type GitlabClient, type GitlabClientOptions, type GitlabAuth } from "./client.ts";
export { createSender, GitlabHttpError, retryAfterMs, defaultRetryPolicy, type FetchLike, type HttpOptions, type RetryPolicy } from "./http.ts";
export { gitlabSettingsFromEnv, type GitlabSettings } from "./settings.ts";
export { gitlabForge } from "./forge.ts";
export { gitlabTagWriter } from "./tags.ts";
export { gitlabReleaseWriter } from "./releases.ts";
export { gitlabReleasePulls } from "./release-pulls.ts";
export { gitlabCheckReader, conclusionOf } from "./checks.ts";
export { gitlabDeploymentReader, toDeployment } from "./deployments.ts";
export { gitlabDeploymentWriter } from "./deployment-writer.ts";
export { gitlabFreezeReader } from "./freezes.ts";
export { gitlabApprovalReader, type GitlabApprovalMode, type GitlabApprovalOptions } from "./approvals.ts";
export { gitlabMembershipReader } from "./members.ts";
export { gitlabCommitAuthors } from "./commit-authors.ts";
export { gitlabRuntime, dotenvLine, logSafe, type GitlabRuntimeOptions } from "./runtime.ts";
export { gitlabGenericPackages, type GitlabGenericPackages, type StoredFile } from "./generic-packages.ts";
export { gitlabPackageRegistry, gitlabPackageRegistryFactory } from "./package-registry.ts";
import "./register-registry.ts";
