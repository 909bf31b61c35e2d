import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { ArtifactUpload, ChainHead, Registry, RecordWrite, StoredArtifact, StoredRecordText } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { withFileLock } from "./file-lock.ts";
import { digestOf, measure } from "./hashing.ts";
import { removeStaleTemps, tempName } from "./stale-temp.ts";

/**
 * `file:DIR`: a directory any file system can hold (a shared disk, a CI cache).
 *
 *   blobs/sha256/<hex>        artifact bytes, content-addressed (written to tmp/, then renamed)
 *   records/<key>.json        one record per version, created exclusively with link(2)
 *   HEAD.json                 the chain head (sequence, digest, version), replaced by rename(2)
 *   tmp/                      uploads in flight
 *   lock                      held while a record is appended
 */
export function fileRegistry(url: string, cwd: string): Registry {
  const spec = url.replace(/^file:(\/\/)?/, "");
  if (spec === "") throw new RelmError("RELM_REGISTRY_URL", "config", `registry url ${url} names no directory`, { details: [{ where: "registry.url", message: "expected file:DIR" }] });
  const dir = isAbsolute(spec) ? spec : resolve(cwd, spec);
  const blobPath = (sha256: string) => join(dir, "blobs", "sha256", sha256);
  const recordPath = (key: string) => join(dir, "records", `${encodeURIComponent(key)}.json`);
  const tmpPath = () => join(dir, "tmp", tempName("", randomUUID()));

  // Everything in tmp/ is an upload in flight or the leftover of a killed one; once per registry opened.
  let swept: Promise<unknown> | undefined;
  const sweepOnce = () => (swept ??= removeStaleTemps(join(dir, "tmp"), ""));

  async function ensureDirs(): Promise<void> {
    for (const sub of ["blobs/sha256", "records", "tmp"]) await mkdir(join(dir, sub), { recursive: true });
  }

  return {
    location: `file:${spec}`,

    async putArtifact(artifact: ArtifactUpload): Promise<StoredArtifact> {
      await ensureDirs();
      await sweepOnce();
      if (artifact.knownSha256 && artifact.size !== undefined && (await stat(blobPath(artifact.knownSha256)).catch(() => undefined))?.size === artifact.size) {
        return { name: artifact.name, mediaType: artifact.mediaType, size: artifact.size, sha256: artifact.knownSha256 };
      }
      const tmp = tmpPath();
      try {
        const measured = measure(artifact.open());
        await pipeline(measured.stream, createWriteStream(tmp, { flags: "wx" }));
        const { size, sha256 } = measured.result();
        // Same content, same name: an existing blob is identical, so the rename is harmless either way.
        await rename(tmp, blobPath(sha256));
        return { name: artifact.name, mediaType: artifact.mediaType, size, sha256 };
      } finally {
        await rm(tmp, { force: true });
      }
    },

    async records(): Promise<StoredRecordText[]> {
      const names = await readdir(join(dir, "records")).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? [] : Promise.reject(error)));
      const out: StoredRecordText[] = [];
      for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
        out.push({ version: decodeURIComponent(name.slice(0, -".json".length)), text: await readFile(join(dir, "records", name), "utf8"), where: `records/${name}` });
      }
      return out;
    },

    async head(): Promise<ChainHead | undefined> {
      const text = await readFile(join(dir, "HEAD.json"), "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as ChainHead;
      } catch (error) {
        throw new RelmError("RELM_CHAIN_HEAD", "integrity", `${join(dir, "HEAD.json")} is not JSON`, { cause: error, details: [{ where: "HEAD.json", message: (error as Error).message }] });
      }
    },

    async lock<T>(critical: () => Promise<T>): Promise<T> {
      await ensureDirs();
      return withFileLock(join(dir, "lock"), critical);
    },

    async writeRecord({ version, text, artifacts, head }): Promise<RecordWrite> {
      for (const a of artifacts) {
        if (!(await stat(blobPath(a.sha256)).catch(() => undefined))) throw new RelmError("RELM_ARTIFACT_MISSING", "integrity", `${a.name} is not stored; the record is not written`, { details: [{ where: a.name, message: a.sha256 }] });
      }
      const tmp = tmpPath();
      await writeFileExclusive(tmp, text);
      try {
        await link(tmp, recordPath(version));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const existing = await readFile(recordPath(version), "utf8");
        if (existing === text) await writeHead(head);
        return { written: false, existing: { version, text: existing, where: `records/${encodeURIComponent(version)}.json` } };
      } finally {
        await rm(tmp, { force: true });
      }
      await writeHead(head);
      return { written: true };
    },

    async openArtifact(_version: string, artifact: StoredArtifact) {
      return createReadStream(blobPath(artifact.sha256), { highWaterMark: 1024 * 1024 });
    },

    async measureArtifact(_version: string, artifact: StoredArtifact) {
      const path = blobPath(artifact.sha256);
      if (!(await stat(path).catch(() => undefined))) return { missing: `blobs/sha256/${artifact.sha256} is missing` };
      return digestOf(createReadStream(path, { highWaterMark: 1024 * 1024 }));
    },
  };

  async function writeHead(head: ChainHead): Promise<void> {
    const tmp = tmpPath();
    await writeFileExclusive(tmp, `${JSON.stringify(head)}\n`);
    await rename(tmp, join(dir, "HEAD.json"));
  }
}

async function writeFileExclusive(path: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: "wx" });
}
