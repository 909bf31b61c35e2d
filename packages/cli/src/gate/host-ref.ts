// Its own file: a plan on a `branches` policy asks it, and must not load the core index (and zod) for it.
/** The branch or tag the host says the run is for; the checked-out branch is used otherwise. */
export function hostRef(env: NodeJS.ProcessEnv): { branch?: string; tag?: string } {
  if (env.GITHUB_ACTIONS === "true" && env.GITHUB_REF_NAME) {
    if (env.GITHUB_REF_TYPE === "tag") return { tag: env.GITHUB_REF_NAME };
    return { branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME };
  }
  if (env.GITLAB_CI === "true") {
    if (env.CI_COMMIT_TAG) return { tag: env.CI_COMMIT_TAG };
    const branch = env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME || env.CI_COMMIT_BRANCH;
    if (branch) return { branch };
  }
  return {};
}
