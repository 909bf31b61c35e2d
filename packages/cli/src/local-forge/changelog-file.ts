import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ChangelogFile } from "@relm/core";

/** CHANGELOG.md (or another path) in the working tree, replaced atomically. */
export function workTreeFile(root: string, path: string): ChangelogFile {
  const full = join(root, path);
  return {
    path,
    async read() {
      return readFile(full, "utf8").catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined;
        throw e;
      });
    },
    async write(text) {
      await mkdir(dirname(full), { recursive: true });
      const temp = `${full}.${process.pid}.tmp`;
      await writeFile(temp, text);
      await rename(temp, full);
    },
  };
}
