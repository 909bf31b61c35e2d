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

// One object with the three ways optional, not a union: a union's failure reads "Invalid input".
export const extraFileSchema = z
  .strictObject({
    path: filePath,
    jsonPath: keyPath("JSON").optional().describe("Where the version is: $.version, $.packages[0].version, $[\"a.b\"]."),
    yamlPath: keyPath("YAML").optional().describe("Where the version is, as for jsonPath: $.version, $.image.tag."),
    marker: z.literal(true).optional().describe("Every version on a line that holds `x-relm-version` (in any comment syntax) is replaced."),
    package: owner,
  })
  .superRefine((entry, ctx) => {
    const ways = [entry.jsonPath, entry.yamlPath, entry.marker].filter((w) => w !== undefined).length;
    if (ways !== 1) {
      ctx.addIssue({ code: "custom", message: "an extra file names exactly one of jsonPath, yamlPath or marker: true (TOML is not supported yet: mark the line with x-relm-version)" });
    }
  });

export const extraFilesSchema = z
  .array(extraFileSchema)
  .default([])
  .describe("Files besides package.json that `relm prepare` writes the version into: by JSON path, YAML path, or lines marked `x-relm-version`.");

export type ExtraFile = z.infer<typeof extraFileSchema>;
