import { RelmError, type Git } from "@relm/core";

const HOST_TARGETS = ["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_DEFAULT_BRANCH"] as const;

/**
 * The protected branch whose policy judges the run: --target-ref, else the branch the CI host names
 * (GitHub GITHUB_BASE_REF, GitLab CI_MERGE_REQUEST_TARGET_BRANCH_NAME, else CI_DEFAULT_BRANCH), else
 * the remote's default branch, else main. Remote-tracking refs come first: a local branch of that
 * name may be stale or edited. When the host names a branch that is not there, that is an error:
 * falling back to main would judge a merge request into release/1.x by another branch's policy.
 */
export async function targetRefOf(git: Git, env: NodeJS.ProcessEnv, given: string | undefined): Promise<string> {
  if (given) return given;
  const named = HOST_TARGETS.find((name) => env[name]);
  const branch = named === undefined ? undefined : env[named];
  const candidates = branch ? [`origin/${branch}`, branch] : ["origin/HEAD", "origin/main", "main"];
  for (const ref of candidates) {
    try {
      await git.resolve(ref);
      return ref;
    } catch {
      // try the next candidate
    }
  }
  throw new RelmError("RELM_GATE_TARGET_REF", "usage", `cannot find the protected branch to read the policy from${named ? ` (${named} names ${JSON.stringify(branch)})` : ""}`, {
    details: [{ where: named ?? "--target-ref", message: `tried ${candidates.join(", ")}` }],
    hint: named
      ? `Fetch it before the gate runs (git fetch origin "+refs/heads/${branch}:refs/remotes/origin/${branch}"; actions/checkout fetch-depth: 0), or pass --target-ref.`
      : "Pass --target-ref (e.g. origin/main), and fetch it in CI (actions/checkout fetch-depth: 0; GitLab GIT_DEPTH: 0).",
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
