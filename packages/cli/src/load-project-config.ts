// Not node:fs/promises: it loads another eight of Node's modules (readline, watchers) for one small file.
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { LoadedConfig } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { defaultConfig } from "@relm/core/policy/default-config";
import type { GlobalOptions } from "./global-options.ts";

export const DEFAULT_CONFIG_FILE = ".relm.yml";

/**
 * The configuration of the working tree: `--config` (relative to `--cwd`) or `.relm.yml` at the
 * repository root. No file means the embedded defaults; a named file that is missing is a usage error.
 */
export async function loadProjectConfig(options: Pick<GlobalOptions, "cwd" | "config">): Promise<LoadedConfig> {
  const named = options.config;
  const explicit = named !== undefined;
  const path = named === undefined ? join(options.cwd, DEFAULT_CONFIG_FILE) : isAbsolute(named) ? named : join(options.cwd, named);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return defaultConfig();
    throw new RelmError("RELM_CONFIG_UNREADABLE", "config", `cannot read the configuration file ${path}`, {
      cause: error,
      details: [{ where: path, message: (error as Error).message }],
      hint: explicit ? "Check the path given to --config (it is resolved against --cwd)." : "Check the file's permissions.",
    });
  }
  const shown = named ?? (relative(options.cwd, path) || DEFAULT_CONFIG_FILE);
  // The YAML parser and the schemas are loaded only for a file to read: without one, a run never needs them.
  const { loadConfig } = await import("@relm/core/policy/load-config");
  return loadConfig(text, shown);
}
