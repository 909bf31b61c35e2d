/** The comment that marks a line whose version relm rewrites (release-please calls it x-release-please-version). */
export const VERSION_MARKER = "x-relm-version";

// Not \b: `v1.2.3` has no word boundary before the 1, and its v stays.
const SEMVER = /(?<![\d.])\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?![\w.+-])/g;

/** The text with every semver on a marked line replaced by `version`, and how many lines are marked. */
export function withMarkedVersions(text: string, version: string): { text: string; marked: number } {
  let marked = 0;
  const lines = text.split("\n").map((line) => {
    if (!line.includes(VERSION_MARKER)) return line;
    marked++;
    return line.replace(SEMVER, version);
  });
  return { text: lines.join("\n"), marked };
}
