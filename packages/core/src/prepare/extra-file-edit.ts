import type { ExtraFile } from "../policy/extra-files-schema.ts";
import { documentPath, samePath, shownPath } from "./document-path.ts";
import { jsonStringSpans, withJsonStrings } from "./json-strings.ts";
import { withMarkedVersions } from "./marker-lines.ts";
import { withYamlScalar } from "./yaml-scalar.ts";

export type ExtraFileEdit = { text: string; change: string } | { problem: string };

function jsonEdit(text: string, jsonPath: string, version: string): ExtraFileEdit {
  try {
    JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { problem: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const path = documentPath(jsonPath) ?? [];
  const span = jsonStringSpans(text).find((s) => samePath(s.path, path));
  if (span === undefined) return { problem: `no string value at ${shownPath(path)}` };
  return { text: withJsonStrings(text, [{ span, value: version }]), change: `${shownPath(path)} ${version}` };
}

/** An extra file's text with the version written where its entry says; a problem when it cannot be. */
export function extraFileEdit(text: string, entry: ExtraFile, version: string): ExtraFileEdit {
  if (entry.jsonPath !== undefined) return jsonEdit(text, entry.jsonPath, version);
  if (entry.yamlPath !== undefined) {
    const path = documentPath(entry.yamlPath) ?? [];
    const edit = withYamlScalar(text, path, version);
    return "problem" in edit ? { problem: `${edit.problem} (${shownPath(path)})` } : { text: edit.text, change: `${shownPath(path)} ${version}` };
  }
  const marked = withMarkedVersions(text, version);
  if (marked.marked === 0) return { problem: "no line holds the x-relm-version marker" };
  return { text: marked.text, change: `${marked.marked} marked line${marked.marked === 1 ? "" : "s"} ${version}` };
}
