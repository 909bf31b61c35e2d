import { isScalar, parseDocument } from "yaml";
import type { DocumentPath } from "./document-path.ts";

export type YamlScalarEdit = { text: string } | { problem: string };

/**
 * The YAML text with the scalar at `path` replaced by `value`, in place: comments, quoting style,
 * key order and every other byte stay as they were (a re-serialised document would reflow them).
 */
export function withYamlScalar(text: string, path: DocumentPath, value: string): YamlScalarEdit {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) return { problem: `not valid YAML: ${doc.errors[0]?.message.split("\n")[0] ?? ""}` };
  const node: unknown = doc.getIn(path, true);
  if (!isScalar(node) || node.range === undefined || node.range === null) return { problem: "no scalar value at that path" };
  if (typeof node.value !== "string" && typeof node.value !== "number") return { problem: "the value at that path is not a version" };
  const [start, end] = node.range;
  const source = text.slice(start, end);
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") return { problem: "the value at that path is a block scalar" };
  const quote = source.startsWith('"') ? '"' : source.startsWith("'") ? "'" : "";
  return { text: `${text.slice(0, start)}${quote}${value}${quote}${text.slice(end)}` };
}
