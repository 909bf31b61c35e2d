import { shownInvisibles } from "@relm/core/notes/shown-invisibles";

/**
 * Escapes untrusted text for a Markdown table cell or paragraph: no HTML, links, emphasis or
 * mentions, and bidi or invisible characters shown as [U+202E] (before relm adds its own U+200B).
 */
export function escapeMarkdown(text: string): string {
  return shownInvisibles(text)
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`)
    .replace(/@/g, "@\u200b")
    .replace(/\r?\n/g, " ");
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
