// One escaper for all untrusted text relm writes as Markdown (notes, job summaries, issues): core's.
// It keeps text inert in table cells too: `|` is escaped and line breaks collapse to spaces.
export { escapeMarkdown } from "@relm/core/notes/escape-markdown";

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
