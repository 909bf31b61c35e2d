import { RelmError } from "../errors.ts";
import { bumpedRange } from "./dependency-range.ts";
import { samePath } from "./document-path.ts";
import { jsonStringSpans, withJsonStrings, type JsonStringSpan } from "./json-strings.ts";

/** The dependency fields whose ranges a release of a workspace package moves forward (peers too, though they make no release: after a major release a peer range left behind makes npm refuse the install). */
export const RANGE_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

export interface ManifestEdit {
  text: string;
  /** What changed, one phrase each ("version 1.2.0", "dependencies.a ^1.2.0"). */
  changes: string[];
}

export interface ManifestChange {
  /** The package's new version; absent when only its dependencies move. */
  version?: string;
  /** Released workspace packages by name, with their new versions. */
  released: ReadonlyMap<string, string>;
}

export function parsedManifest(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new RelmError("RELM_MANIFEST_JSON", "config", `${file} is not valid JSON`, {
      cause: error,
      details: [{ where: file, message: error instanceof Error ? error.message : String(error) }],
      hint: "Fix the file (npm and every other tool read it too), then run relm prepare again.",
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RelmError("RELM_MANIFEST_JSON", "config", `${file} is not a JSON object`, { details: [{ where: file, message: "a package.json holds one object" }] });
  }
  return parsed as Record<string, unknown>;
}

/** The indentation the file uses, for the rare manifest that has no version to replace in place. */
function indentOf(text: string): string {
  return /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
}

/** A manifest with a version key added after `name` (re-serialised: there is no value to replace). */
function withVersionAdded(text: string, manifest: Record<string, unknown>, version: string): string {
  const entries = Object.entries(manifest).filter(([k]) => k !== "version");
  const at = entries.findIndex(([k]) => k === "name") + 1;
  entries.splice(at, 0, ["version", version]);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const body = JSON.stringify(Object.fromEntries(entries), null, indentOf(text)).replace(/\n/g, eol);
  return /\r?\n$/.test(text) ? `${body}${eol}` : body;
}

/**
 * package.json with its version and its ranges on released workspace packages written, each value
 * replaced where it stands. The same text back (and no changes) when all of it is already written.
 */
export function manifestEdit(text: string, file: string, change: ManifestChange): ManifestEdit {
  const manifest = parsedManifest(text, file);
  const spans = jsonStringSpans(text);
  const at = (path: ReadonlyArray<string>): JsonStringSpan | undefined => spans.find((s) => samePath(s.path, path));
  const replacements: Array<{ span: JsonStringSpan; value: string }> = [];
  const changes: string[] = [];
  let missingVersion = false;
  if (change.version !== undefined && manifest.version !== change.version) {
    const span = at(["version"]);
    if (span) replacements.push({ span, value: change.version });
    else missingVersion = true;
    changes.push(`version ${change.version}`);
  }
  for (const field of RANGE_FIELDS) {
    const deps = manifest[field];
    if (typeof deps !== "object" || deps === null) continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) {
      const version = change.released.get(name);
      if (version === undefined || typeof range !== "string") continue;
      const next = bumpedRange(range, version);
      const span = next === undefined ? undefined : at([field, name]);
      if (next === undefined || span === undefined) continue;
      replacements.push({ span, value: next });
      changes.push(`${field}.${name} ${next}`);
    }
  }
  let edited = withJsonStrings(text, replacements);
  if (missingVersion && change.version !== undefined) edited = withVersionAdded(edited, parsedManifest(edited, file), change.version);
  return { text: edited, changes };
}
