import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ForgeRelease, ReleaseInput, ReleaseWriter } from "@relm/core";

/** Where the local forge keeps its releases, relative to the repository root. */
export const LOCAL_RELEASES_DIR = ".relm/releases";

/** A tag name as one file name: git allows `/` in tags (`api/v1.2.0`), a file name does not. */
export function releaseFileName(tag: string): string {
  return `${tag.replace(/%/g, "%25").replace(/\//g, "%2F")}.md`;
}

export function releaseMarkdown(input: ReleaseInput): string {
  const flags = [input.draft ? "draft" : "", input.prerelease ? "prerelease" : ""].filter(Boolean);
  return `# ${input.name}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}\n\n${input.notes.trim()}\n`;
}

/**
 * The local stand-in for a GitHub/GitLab Release: the notes as Markdown in `.relm/releases/<tag>.md`,
 * next to the file registry, so a newcomer can open what a forge would have shown. Upsert: the file is
 * rewritten only when its text changes, and `created` says whether it was there before.
 */
export function localReleaseWriter(root: string): ReleaseWriter {
  const dir = join(root, LOCAL_RELEASES_DIR);
  return {
    hasRelease: async (tag) =>
      readFile(join(dir, releaseFileName(tag)), "utf8").then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code === "ENOENT") return false;
          throw e;
        },
      ),
    async upsertRelease(input) {
      const path = join(dir, releaseFileName(input.tag));
      const text = releaseMarkdown(input);
      const existing = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
        if (e.code === "ENOENT") return undefined;
        throw e;
      });
      if (existing !== text) {
        await mkdir(dir, { recursive: true });
        // Write then rename, so a crash never leaves half a release file behind.
        const temp = `${path}.${process.pid}.tmp`;
        await writeFile(temp, text);
        await rename(temp, path);
      }
      const release: ForgeRelease = {
        id: input.tag,
        tag: input.tag,
        name: input.name,
        notes: input.notes,
        // Relative to the repository root: the file is part of the local "forge" like the registry beside it.
        url: `${LOCAL_RELEASES_DIR}/${releaseFileName(input.tag)}`,
        draft: input.draft ?? false,
        prerelease: input.prerelease ?? false,
      };
      return { release, created: existing === undefined };
    },
  };
}
