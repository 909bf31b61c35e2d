import type { ReleasePullResult } from "@relm/core/usecases/release-pull";
import type { ReleasePullPreview } from "@relm/core/usecases/release-pull-preview";

/** `relm pr` as one line: what was (or would be) done to the release PR. */
export function resultText(r: ReleasePullResult): string {
  const would = r.dryRun ? "would be " : "";
  const where = r.pull ? ` #${r.pull.number} ${r.pull.url}` : "";
  if (r.action === "nothing") return `no release PR: ${r.reason ?? "nothing to release"}\n`;
  if (r.action === "closed") return `release PR${where} ${would}closed: ${r.reason ?? "nothing to release"}\n`;
  const commit = r.committed ? `${r.dryRun ? "a new commit" : `commit ${r.commit ?? ""}`} on ${r.branch}` : `${r.branch} already up to date`;
  return `release PR${where} ${would}${r.action}: ${r.title ?? ""} (${commit})\n`;
}

/** `relm pr --dry-run` without the forge: the commit it would make, file by file, and why the forge was not asked. */
export function previewText(p: ReleasePullPreview, why: string): string {
  const lines = [`dry run: the forge was not asked (${why})`];
  if (p.action === "nothing") return `${[...lines, `no release PR: ${p.reason ?? "nothing to release"}`].join("\n")}\n`;
  lines.push(`would commit on ${p.branch}: ${p.title ?? ""}`);
  for (const v of p.versions) lines.push(`  ${v.name ? `${v.name} ` : ""}${v.version} (tag ${v.tag})`);
  for (const f of p.files) lines.push(`  ${f.path}${f.created ? " (new file)" : ""}: ${f.changes.join(", ") || "rewritten"}`);
  return `${lines.join("\n")}\n`;
}
