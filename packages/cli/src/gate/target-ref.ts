import { policyRefOf, type Git } from "@relm/core";
import { hostRef } from "./host-ref.ts";

export { hostRef };

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

