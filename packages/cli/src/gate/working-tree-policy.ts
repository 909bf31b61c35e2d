import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Decision, Git } from "@relm/core";

/**
 * Whether the working tree's policy file is not the one the gate judged (the committed one on the
 * target branch): an edit under review, or a file on the branch that is not in the working tree. The
 * gate is right to ignore it, but someone editing the file should hear that their edit was not judged.
 */
export async function workingTreePolicyDiffers(git: Pick<Git, "readFile">, root: string, policy: Decision["policy"]): Promise<boolean> {
  const working = await readFile(join(root, policy.file), "utf8").catch(() => undefined);
  const judged = policy.found === true && policy.revision !== undefined ? await git.readFile(policy.revision, policy.file) : undefined;
  return working !== judged;
}

/** The line that says so, naming both files. */
export function workingTreePolicyNote(policy: Decision["policy"]): string {
  const judged = `${policy.ref ?? "the target branch"}${policy.revision ? ` @ ${policy.revision.slice(0, 12)}` : ""}`;
  return `note: ${policy.file} in the working tree differs from the policy judged (${policy.found === true ? judged : `none at ${judged}: the defaults`}); the gate judges the committed policy of the protected target branch, so an edit counts once it is merged there. \`relm policy check\` validates the working tree's file.\n`;
}
