import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, relative, resolve, sep } from "node:path";
import { RelmError } from "@relm/core/errors";
import { checkArtifactName } from "@relm/core/record/artifact-name";
import type { LocalUpload } from "./upload-journal.ts";

const MEDIA_TYPES: Record<string, string> = {
  ".tgz": "application/gzip",
  ".gz": "application/gzip",
  ".zip": "application/zip",
  ".tar": "application/x-tar",
  ".json": "application/json",
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".jar": "application/java-archive",
  ".whl": "application/zip",
  ".deb": "application/vnd.debian.binary-package",
  ".rpm": "application/x-rpm",
  ".sig": "application/pgp-signature",
};

export function mediaTypeOf(name: string): string {
  return MEDIA_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream";
}

/** Read in 1 MiB chunks: fewer, larger writes without letting memory grow with the file. */
const CHUNK = 1024 * 1024;

/**
 * The files a user named, as uploads: each must be a regular file inside `dir` once every symlink is
 * resolved (a link pointing out of the artifact directory is refused), and is named by its path
 * relative to `dir`. The file is opened by its resolved path, so a link swapped later is not followed.
 */
export async function artifactsFromFiles(dir: string, files: readonly string[]): Promise<LocalUpload[]> {
  const root = await realpath(dir).catch((error: unknown) => {
    throw new RelmError("RELM_ARTIFACT_DIR", "usage", `artifact directory ${dir} cannot be read`, { cause: error, details: [{ where: dir, message: (error as Error).message }] });
  });
  const uploads: LocalUpload[] = [];
  for (const file of files) {
    const given = resolve(dir, file);
    const lexical = relative(resolve(dir), given);
    if (lexical === "" || lexical.startsWith(`..${sep}`) || lexical === ".." || isAbsolute(lexical)) {
      throw refused(file, "it is outside the artifact directory");
    }
    const real = await realpath(given).catch((error: unknown) => {
      throw new RelmError("RELM_ARTIFACT_MISSING", "usage", `artifact ${file} does not exist`, { cause: error, details: [{ where: file, message: (error as Error).message }] });
    });
    const inside = relative(root, real);
    if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || isAbsolute(inside)) throw refused(file, "it is a link that leads out of the artifact directory");
    const info = await stat(real, { bigint: true });
    if (!info.isFile()) throw refused(file, "it is not a regular file");
    const name = checkArtifactName(lexical.split(sep).join("/"), file);
    const journalKey = [real, info.size, info.ino, info.mtimeNs, info.ctimeNs].join("\0");
    uploads.push({ name, mediaType: mediaTypeOf(name), size: Number(info.size), journalKey, open: () => createReadStream(real, { highWaterMark: CHUNK }) });
  }
  return uploads;
}

function refused(file: string, why: string): RelmError {
  return new RelmError("RELM_ARTIFACT_OUTSIDE", "usage", `artifact ${file} is refused: ${why}`, {
    details: [{ where: file, message: "expected a file inside the artifact directory (--dir, default the current directory)" }],
  });
}
