// Files besides package.json that carry the version: release-please's "extra files", by JSON path,
// YAML path or a marker comment. TOML is left out: no maintained TOML library is a dependency yet.
import { z } from "zod";
import { documentPath } from "../prepare/document-path.ts";

/** Inside the repository by its text: relative, no `..` segment, no drive letter or backslash tricks. */
export function insideRepository(path: string): boolean {
  if (path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path) || path.includes("\0")) return false;
  return !path.split(/[\\/]/).includes("..");
}

const filePath = z
  .string()
  .min(1)
  .refine(insideRepository, { message: "an extra file must be inside the repository: a relative path without `..`" })
  .describe("File relative to the repository root.");
const keyPath = (what: string) =>
  z
    .string()
    .min(1)
    .refine((p) => documentPath(p) !== undefined, { message: `a ${what} path is keys and indexes such as $.version or $.packages[0].version` });
const owner = z.string().min(1).optional().describe("The package whose version the file carries; default: the one version (single, fixed), else the package whose directory holds the file.");

export const extraFileSchema = z.union([
  z.strictObject({ path: filePath, jsonPath: keyPath("JSON").describe("Where the version is: $.version, $.packages[0].version, $[\"a.b\"]."), package: owner }),
  z.strictObject({ path: filePath, yamlPath: keyPath("YAML").describe("Where the version is, as for jsonPath: $.version, $.image.tag."), package: owner }),
  z.strictObject({ path: filePath, marker: z.literal(true).describe("Every version on a line that holds `x-relm-version` (in any comment syntax) is replaced."), package: owner }),
]);

export const extraFilesSchema = z
  .array(extraFileSchema)
  .default([])
  .describe("Files besides package.json that `relm prepare` writes the version into: by JSON path, YAML path, or lines marked `x-relm-version`.");

export type ExtraFile = z.infer<typeof extraFileSchema>;
