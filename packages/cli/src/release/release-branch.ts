import type { Config, Git } from "@relm/core";
import { hostRef } from "../gate/host-ref.ts";

/**
 * The branch being released, for `branches` in .relm.yml: the one the CI host names (a checkout
 * there is often a detached HEAD), else the checked-out one. Not asked when `branches` is absent,
 * so plans without it run no extra git process.
 */
export async function releaseBranchOf(git: Pick<Git, "currentBranch">, config: Config, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (config.branches === undefined) return undefined;
  return hostRef(env).branch ?? (await git.currentBranch());
}
