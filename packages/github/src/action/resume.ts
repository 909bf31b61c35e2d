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

/** `v1` for `v1.4.0`, `pkg@1` for `pkg@1.4.0`; none for a prerelease or a 0.x version. */
export function floatingTagOf(tag: string, version: string): string | undefined {
  if (version.includes("-") || version.startsWith("0.")) return undefined;
  const major = version.split(".")[0] ?? "";
  const at = tag.lastIndexOf(version);
  return at < 0 ? undefined : `${tag.slice(0, at)}${major}`;
}
