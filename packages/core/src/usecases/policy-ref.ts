import { RelmError } from "../errors.ts";
import type { Git } from "../ports/git.ts";

/** The branch whose policy judges a run, and who named it (a CI variable, an event field), for the error. */
export interface PolicyBranch {
  branch?: string;
  namedBy?: string;
}

/**
 * The ref to read the policy from: `origin/<branch>` (the server's copy; a local branch of that name
 * may be stale or edited), else `<branch>`; with no branch named, the remote's default branch, else
 * main. A named branch that is not there is an error: falling back to main would judge a change to
 * release/1.x by another branch's policy, and reading HEAD would let the change judge itself.
 */
export async function policyRefOf(git: Git, target: PolicyBranch): Promise<string> {
  const { branch, namedBy } = target;
  const candidates = branch ? [`origin/${branch}`, branch] : ["origin/HEAD", "origin/main", "main"];
  for (const ref of candidates) {
    try {
      await git.resolve(ref);
      return ref;
    } catch {
      // try the next candidate
    }
  }
  throw new RelmError("RELM_GATE_TARGET_REF", "usage", `cannot find the protected branch to read the policy from${branch ? ` (${namedBy ?? "the run"} names ${JSON.stringify(branch)})` : ""}`, {
    details: [{ where: namedBy ?? "--target-ref", message: `tried ${candidates.join(", ")}` }],
    hint: branch
      ? `Fetch it before the gate runs (git fetch origin "+refs/heads/${branch}:refs/remotes/origin/${branch}"; actions/checkout with fetch-depth: 0), or name the branch with relm gate --target-ref.`
      : "Pass --target-ref (e.g. origin/main), and fetch it in CI (actions/checkout fetch-depth: 0; GitLab GIT_DEPTH: 0).",
  });
}
