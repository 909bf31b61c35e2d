const TITLE = "# Changelog";
const INTRO = "All notable changes to this project are documented in this file. See [Conventional Commits](https://conventionalcommits.org) for commit guidelines.";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether the changelog already has a section for this version (`## 1.2.0`, `## [1.2.0](...)`, `## v1.2.0`). */
export function changelogHasVersion(text: string, version: string): boolean {
  const v = escapeRegExp(version);
  return new RegExp(`^#{1,3} \\[?v?${v}\\]?(?=[\\s(]|$)`, "m").test(text);
}

/**
 * The changelog with the release's section added above the newest one. Idempotent: when a
 * section for the version is already there, the text comes back unchanged (byte for byte), so
 * running it twice adds nothing. A missing or empty file gets a title first.
 */
export function updateChangelog(existing: string, releaseSection: string, version: string): string {
  if (changelogHasVersion(existing, version)) return existing;
  const eol = existing.includes("\r\n") ? "\r\n" : "\n";
  const section = releaseSection.trim().replace(/\r?\n/g, eol);
  if (existing.trim() === "") return [TITLE, "", INTRO, "", section, ""].join(eol);
  // Insert before the first release heading; keep the title and intro where they are.
  const firstRelease = /^#{2,3} /m.exec(existing);
  if (firstRelease === null) return `${existing.trimEnd()}${eol}${eol}${section}${eol}`;
  const head = existing.slice(0, firstRelease.index);
  const rest = existing.slice(firstRelease.index);
  return `${head}${section}${eol}${eol}${rest}`;
}
