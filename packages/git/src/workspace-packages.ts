import { existsSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import type { Tool } from "@manypkg/tools";
import { RelmError } from "@relm/core/errors";
import { compareText } from "@relm/core/notes/compare-text";

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, "/"-separated. */
  path: string;
}


function rootManifest(root: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(root, "package.json"), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const file = join(root, "package.json");
    throw new RelmError("RELM_WORKSPACE_MANIFEST", "config", `${file} is not valid JSON`, { cause: error, details: [{ where: file, message: (error as Error).message }] });
  }
}

const hasWorkspaces = (manifest: unknown): boolean => {
  const ws = typeof manifest === "object" && manifest !== null ? (manifest as { workspaces?: unknown }).workspaces : undefined;
  return Array.isArray(ws) || (typeof ws === "object" && ws !== null && Array.isArray((ws as { packages?: unknown }).packages));
};

async function detectTool(root: string): Promise<Tool | undefined> {
  // A repository of one package pays for no workspace reader: @manypkg/tools loads a YAML parser
  // (for pnpm) that a plan otherwise never needs.
  const markers = ["pnpm-workspace.yaml", "lerna.json", "rush.json"].some((f) => existsSync(join(root, f)));
  const manifest = rootManifest(root);
  if (!markers && !hasWorkspaces(manifest)) return undefined;
  const { BunTool, LernaTool, NpmTool, PnpmTool, RushTool, YarnTool } = await import("@manypkg/tools");
  // The order @manypkg/get-packages tries them in: the more specific markers first.
  for (const tool of [YarnTool, PnpmTool, LernaTool, RushTool, BunTool, NpmTool]) if (await tool.isMonorepoRoot(root)) return tool;
  // @manypkg's npm and yarn tools want a lockfile beside the `workspaces` field; a monorepo whose
  // lockfile is not committed yet (or is git-ignored) is still one, and yarn's reader takes both forms.
  return hasWorkspaces(manifest) ? YarnTool : undefined;
}

/**
 * The packages of a workspaces root as its package manager sees them, read with @manypkg/tools:
 * npm, yarn and bun `workspaces` in package.json, pnpm's pnpm-workspace.yaml, lerna and rush.
 * Folders whose package.json has no name are not packages. A repository of one package has none.
 */
export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const tool = await detectTool(root);
  if (tool === undefined) return [];
  let found: Awaited<ReturnType<Tool["getPackages"]>>;
  try {
    found = await tool.getPackages(root);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RelmError("RELM_WORKSPACE_MANIFEST", "config", `the ${tool.type} workspace of ${root} cannot be read: ${message}`, { cause: error, details: [{ where: root, message }] });
  }
  return found.packages
    .filter((p) => p.relativeDir !== "" && p.relativeDir !== "." && typeof p.packageJson.name === "string" && p.packageJson.name !== "")
    .map((p) => ({ name: p.packageJson.name, path: p.relativeDir.split(sep).join("/") }))
    .sort((a, b) => compareText(a.path, b.path));
}
