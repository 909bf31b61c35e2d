import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { ByteStream } from "@relm/core";
import { measure } from "./hashing.ts";
import { chunkReaper } from "./memory-bound.ts";
import { removeStaleTemps, tempName } from "./stale-temp.ts";

export interface SpooledArtifact {
  size: number;
  sha256: string;
  /** A fresh read of the spooled bytes, for each upload attempt (a stream cannot be sent twice). */
  open(): ByteStream;
}

async function* readSpool(file: string): ByteStream {
  const reap = chunkReaper();
  for await (const chunk of createReadStream(file) as AsyncIterable<Uint8Array>) {
    yield chunk;
    reap(chunk.byteLength);
  }
}

/**
 * Forge stores name a blob by its sha256 and want its length before the upload, both known only once
 * every byte went by: the stream is spooled to a temporary file while it is hashed, once, and `use`
 * uploads from the file. The file is removed however `use` ends, and the spools of killed runs go
 * with the next one.
 */
export async function withSpooledArtifact<T>(source: ByteStream, prefix: string, use: (spooled: SpooledArtifact) => Promise<T>): Promise<T> {
  await removeStaleTemps(tmpdir(), prefix);
  const dir = await mkdtemp(join(tmpdir(), tempName(prefix, "")));
  try {
    const file = join(dir, "blob");
    const measured = measure(source);
    await pipeline(measured.stream, createWriteStream(file));
    const { size, sha256 } = measured.result();
    return await use({ size, sha256, open: () => readSpool(file) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
