// The public face of @relm/git: the `Git` port over the git CLI, and the file-system readers beside it.
export { gitRepository, type GitRepository, type GitRepositoryOptions } from "./repository.ts";
export { logArgs } from "./log-stream.ts";
export { remoteWebUrl, forgeOfWebUrl } from "./web-url.ts";
export { workspacePackages, type WorkspacePackage } from "./workspace-packages.ts";
export { traceGit } from "./git-trace.ts";
