import { RelmError, type Git } from "@relm/core";

/**
 * The protected branch whose policy judges the run: --target-ref, else the merge request's target
 * (GitHub GITHUB_BASE_REF, GitLab CI_MERGE_REQUEST_TARGET_BRANCH_NAME), else the remote's default
 * branch, else main. Remote-tracking refs come first: a local branch of that name may be stale or edited.
 */
export async function targetRefOf(git: Git, env: NodeJS.ProcessEnv, given: string | undefined): Promise<string> {
  if (given) return given;
  const branch = env.GITHUB_BASE_REF || env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || env.CI_DEFAULT_BRANCH || undefined;
  const candidates = branch ? [`origin/${branch}`, branch] : [];
  candidates.push("origin/HEAD", "origin/main", "main");
  for (const ref of candidates) {
    try {
      await git.resolve(ref);
      return ref;
    } catch {
      // try the next candidate
    }
  }
  throw new RelmError("RELM_GATE_TARGET_REF", "usage", "cannot find the protected branch to read the policy from", {
    details: [{ where: "--target-ref", message: `tried ${candidates.join(", ")}` }],
    hint: "Pass --target-ref (e.g. origin/main), and fetch it in CI (actions/checkout fetch-depth: 0; GitLab GIT_DEPTH: 0).",
  });
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
