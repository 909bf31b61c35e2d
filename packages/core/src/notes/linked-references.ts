import type { RepositoryLinks } from "./repository-links.ts";

// Runs on text escapeMarkdown already made inert: there `#12` reads `\#12` and `!34` reads `\!34`.
// Only the digits become a link, so nothing an author wrote can choose the URL or the link text.
const ESCAPED_REFERENCE = /(?<!\w)\\([#!])(\d+)(?!\w)/g;

/** Escaped note text with its `#12` (and GitLab's `!34`) references linked to the forge. */
export function linkedReferences(escaped: string, links: RepositoryLinks | undefined): string {
  if (links === undefined) return escaped;
  return escaped.replace(ESCAPED_REFERENCE, (whole, sigil: string, number: string) => {
    const url = sigil === "#" ? links.issue(number) : links.mergeRequest?.(number);
    return url === undefined ? whole : `[${sigil}${number}](${url})`;
  });
}
