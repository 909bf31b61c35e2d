import type { ReleasePlan, TagTarget } from "@relm/core";
import type { GitHubTagWriter } from "../tags.ts";

/**
 * A release an earlier run tagged but did not finish: nothing new to plan, yet a package's previous
 * release tag sits on the planned commit. Its notes come back from the annotated tag's message
 * (relm writes "version, blank line, notes"), so the re-run completes the GitHub Release.
 */
export async function unfinishedTargets(plan: ReleasePlan, tags: GitHubTagWriter, prerelease: "auto" | boolean): Promise<TagTarget[]> {
  if (plan.released) return [];
  const out: TagTarget[] = [];
  for (const p of plan.packages) {
    if (!p.previous || p.previous.commit !== plan.range.to) continue;
    const message = await tags.tagMessage(p.previous.tag);
    if (message === undefined) continue;
    const notes = message.split("\n").slice(2).join("\n").trim();
    out.push({
      ...(plan.mode === "single" ? {} : { package: p.name }),
      version: p.previous.version,
      tag: p.previous.tag,
      commit: p.previous.commit,
      notes,
      prerelease: prerelease === "auto" ? p.previous.version.includes("-") : prerelease,
    });
  }
  return out;
}
