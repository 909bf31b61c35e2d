import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ArtifactUpload, Registry, StoredArtifact } from "@relm/core";

/** An upload of a local file, with the identity under which its digest is remembered. */
export interface LocalUpload extends ArtifactUpload {
  /** path, size, inode, mtime and ctime (ns): a file rewritten in place gets another key. */
  journalKey: string;
}

type Journal = Record<string, string>;

async function readJournal(file: string): Promise<Journal> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Journal) : {};
  } catch {
    return {};
  }
}

/**
 * Remembers each uploaded file's digest (`.relm/cache/uploads.json`), so that the run after a killed
 * publish asks the registry whether the blob is there (HEAD) instead of reading and sending it again.
 * The registry still checks the digest it stores; the journal only saves the upload.
 */
export async function withUploadJournal(registry: Registry, file: string): Promise<{ registry: Registry; prepare: <T extends ArtifactUpload>(uploads: T[]) => T[] }> {
  const journal = await readJournal(file);
  const save = async (): Promise<void> => {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(journal));
    await rename(tmp, file);
  };
  const wrapped: Registry = Object.create(registry) as Registry;
  Object.assign(wrapped, {
    async putArtifact(artifact: ArtifactUpload): Promise<StoredArtifact> {
      const stored = await registry.putArtifact(artifact);
      const key = (artifact as Partial<LocalUpload>).journalKey;
      if (key && journal[key] !== stored.sha256) {
        journal[key] = stored.sha256;
        await save();
      }
      return stored;
    },
  });
  const prepare = <T extends ArtifactUpload>(uploads: T[]): T[] =>
    uploads.map((u) => {
      const key = (u as Partial<LocalUpload>).journalKey;
      const known = key ? journal[key] : undefined;
      return known ? { ...u, knownSha256: known } : u;
    });
  return { registry: wrapped, prepare };
}
