import type { MergedPull, TaggedPulls } from "../ports/release-pulls.ts";
import type { Runtime } from "../ports/runtime.ts";
import { RELEASE_PULL_LABEL, RELEASE_PULL_MARKER } from "./release-pull.ts";

export const TAGGED_PULL_LABEL = "relm: tagged";

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * After the tag: each release PR (relm's marker in its body) whose merge made a tagged commit gets
 * `relm: tagged` and loses `relm: pending`, so a look at the PRs tells what shipped. Best effort:
 * the release is made by then, so a failure is a warning and never undoes it; a PR a person opened
 * is left alone. Returns the PRs relabelled.
 */
export async function markTaggedPulls(ports: { pulls: TaggedPulls; runtime: Pick<Runtime, "info" | "warning"> }, commits: readonly string[]): Promise<number[]> {
  const { pulls, runtime } = ports;
  const labelled: number[] = [];
  for (const commit of new Set(commits)) {
    let pull: MergedPull | undefined;
    try {
      pull = await pulls.mergedInto(commit);
    } catch (error) {
      // Often a token without pull-requests: read, on a repository that has no release PR at all: no warning.
      runtime.info(`the release PR of ${commit.slice(0, 12)} was not looked for: ${messageOf(error)}`);
      continue;
    }
    if (!pull?.body.includes(RELEASE_PULL_MARKER)) continue;
    if (pull.labels.includes(TAGGED_PULL_LABEL) && !pull.labels.includes(RELEASE_PULL_LABEL)) continue;
    try {
      await pulls.relabel(pull, { add: TAGGED_PULL_LABEL, remove: RELEASE_PULL_LABEL });
      labelled.push(pull.number);
      runtime.info(`release PR #${pull.number} labelled "${TAGGED_PULL_LABEL}"`);
    } catch (error) {
      runtime.warning(`the release is made, but release PR #${pull.number} keeps its label "${RELEASE_PULL_LABEL}": ${messageOf(error)}`);
    }
  }
  return labelled;
}
