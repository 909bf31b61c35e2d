import { createHash } from "node:crypto";
import type { ByteStream } from "@relm/core";
import { chunkReaper } from "./memory-bound.ts";

export interface Measured {
  /** The same bytes, passed through once; read it to the end before asking for the digest. */
  stream: AsyncGenerator<Uint8Array>;
  result(): { size: number; sha256: string };
}

/** Hashes and counts bytes as they flow through, so a file is read once whatever it is sent to. */
export function measure(source: ByteStream): Measured {
  const hash = createHash("sha256");
  let size = 0;
  let done = false;
  const reap = chunkReaper();
  async function* pass(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.byteLength;
      yield chunk;
      reap(chunk.byteLength);
    }
    done = true;
  }
  return {
    stream: pass(),
    result() {
      if (!done) throw new Error("measure(): the stream was not read to the end");
      return { size, sha256: hash.digest("hex") };
    },
  };
}

/** Reads a stream to the end for its size and sha256 (verify). */
export async function digestOf(source: ByteStream): Promise<{ size: number; sha256: string }> {
  const m = measure(source);
  for await (const _ of m.stream) void _;
  return m.result();
}
