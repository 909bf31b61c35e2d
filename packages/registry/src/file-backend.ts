import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import type { ArtifactUpload, ByteStream, ChainHead, Registry, RecordWrite, StoredArtifact, StoredRecordText } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { storedKeyOf as keyOf } from "@relm/core/record/stored-key";
import { withFileLock } from "./file-lock.ts";
import { digestOf, measure } from "./hashing.ts";
import { removeStaleTemps, tempName } from "./stale-temp.ts";

/**
 * `file:DIR`: a directory any file system can hold (a shared disk, a CI cache).
 *
 *   blobs/sha256/<hex>        artifact bytes, content-addressed (written to tmp/, then renamed)
 *   records/<key>.json        one record per version (or event), created exclusively with link(2)
 *   chain/<sequence>.json     the same file linked by its chain position, so a publish reads the head
 *                             and the newest record only (claimed first, exclusively, under the lock)
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
  const positionPath = (sequence: number) => join(dir, "chain", `${sequence}.json`);
  const tmpPath = () => join(dir, "tmp", tempName("", randomUUID()));

  // Everything in tmp/ is an upload in flight or the leftover of a killed one; once per registry opened.
  let swept: Promise<unknown> | undefined;
  const sweepOnce = () => (swept ??= removeStaleTemps(join(dir, "tmp"), ""));

  async function ensureDirs(): Promise<void> {
    for (const sub of ["blobs/sha256", "records", "chain", "tmp"]) await mkdir(join(dir, sub), { recursive: true });
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

    async record(key: string): Promise<StoredRecordText | undefined> {
      const text = await readIfThere(recordPath(key));
      return text === undefined ? undefined : { version: key, text, where: `records/${encodeURIComponent(key)}.json` };
    },

    async recordAt(sequence: number): Promise<StoredRecordText | undefined> {
      const text = await readIfThere(positionPath(sequence));
      if (text === undefined) return undefined;
      const key = keyOf(text);
      // A position claimed by a publish that was killed before its record is not a record.
      if (key === undefined || (await readIfThere(recordPath(key))) !== text) return undefined;
      return { version: key, text, where: `records/${encodeURIComponent(key)}.json` };
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
        await claimPosition(tmp, head.sequence, text);
        try {
          await link(tmp, recordPath(version));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
          const existing = await readFile(recordPath(version), "utf8");
          if (existing === text) await writeHead(head);
          // The position was claimed for a record that is not written: give it back (we hold the lock).
          else await rm(positionPath(head.sequence), { force: true });
          return { written: false, existing: { version, text: existing, where: `records/${encodeURIComponent(version)}.json` } };
        }
      } finally {
        await rm(tmp, { force: true });
      }
      await writeHead(head);
      return { written: true };
    },

    async openArtifact(_version: string, artifact: StoredArtifact) {
      return createReadStream(blobPath(artifact.sha256), { highWaterMark: 1024 * 1024 });
    },

    async measureArtifact(_version: string, artifact: StoredArtifact, track = (s: ByteStream) => s) {
      const path = blobPath(artifact.sha256);
      if (!(await stat(path).catch(() => undefined))) return { missing: `blobs/sha256/${artifact.sha256} is missing` };
      return digestOf(track(createReadStream(path, { highWaterMark: 1024 * 1024 })));
    },
  };

  /** Links `tmp` as chain position `sequence`; a claim a killed publish left (no record behind it) is replaced. */
  async function claimPosition(tmp: string, sequence: number, text: string): Promise<void> {
    try {
      await link(tmp, positionPath(sequence));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const claimed = await readIfThere(positionPath(sequence));
    if (claimed === text) return;
    const key = claimed === undefined ? undefined : keyOf(claimed);
    if (key !== undefined && (await readIfThere(recordPath(key))) === claimed) {
      throw new RelmError("RELM_CHAIN_POSITION", "conflict", `chain position ${sequence} of ${`file:${spec}`} already holds ${key}`, {
        details: [{ where: `chain/${sequence}.json`, message: "another publish appended a record meanwhile" }],
        hint: "Run the publish again: it appends after the newest record.",
      });
    }
    await rm(positionPath(sequence), { force: true });
    await link(tmp, positionPath(sequence));
  }

  async function writeHead(head: ChainHead): Promise<void> {
    const tmp = tmpPath();
    await writeFileExclusive(tmp, `${JSON.stringify(head)}\n`);
    await rename(tmp, join(dir, "HEAD.json"));
  }
}

async function readIfThere(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : Promise.reject(error)));
}

async function writeFileExclusive(path: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: "wx" });
}
