import { existsSync, realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { WorkTree } from "@relm/core";
import { RelmError } from "@relm/core/errors";

/** The real path of a file, or of its nearest existing parent (a file not written yet). */
function realPathOf(full: string): string {
  let at = full;
  const rest: string[] = [];
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) break;
    rest.unshift(relative(up, at));
    at = up;
  }
  return join(realpathSync(at), ...rest);
}

/** Whether `path` (relative to `root`) stays inside the root, symbolic links followed. */
export function isInside(root: string, path: string): boolean {
  const full = resolve(root, path);
  const lexical = relative(root, full);
  if (lexical.startsWith("..") || isAbsolute(lexical)) return false;
  const real = relative(realpathSync(root), realPathOf(full));
  return real === "" || (!real.startsWith("..") && !isAbsolute(real));
}

/** The working tree as the prepare use case reads it: only files inside the repository. */
export function workTreeReader(root: string): WorkTree {
  return {
    async read(path) {
      if (!isInside(root, path)) {
        throw new RelmError("RELM_PATH_OUTSIDE", "config", `${path} is outside the repository`, {
          details: [{ where: path, message: "relm prepare writes only files inside the repository" }],
          hint: "Point packages and extraFiles at files in the repository (no `..`, no links leading out).",
        });
      }
      return readFile(join(root, path), "utf8").catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined;
        throw e;
      });
    },
  };
}
