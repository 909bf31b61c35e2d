import { policyRefOf, type Git } from "@relm/core";

const HOST_TARGETS = ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH"] as const;

/**
 * The protected branch whose policy judges the run: --target-ref, else the branch the CI host names
 * (GitHub GITHUB_BASE_REF, GitLab CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else CI_DEFAULT_BRANCH), else
 * the remote's default branch, else main. Runs that are not for a pull or merge request (a push to a
 * branch, a tag) are judged by the default branch's policy, as the GitHub action judges them.
 */
export async function targetRefOf(git: Git, env: NodeJS.ProcessEnv, given: string | undefined): Promise<string> {
  if (given) return given;
  const named = HOST_TARGETS.find((name) => env[name]);
  const branch = named === undefined ? undefined : env[named];
  return policyRefOf(git, { ...(branch ? { branch } : {}), ...(named ? { namedBy: named } : {}) });
}

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
