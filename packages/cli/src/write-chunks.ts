import type { Writable } from "node:stream";

const BATCH = 64 * 1024;

/** Text given in pieces, written in batches of ~64 KiB, waiting whenever the stream asks to. */
export async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let batch = "";
  const flush = async (): Promise<void> => {
    if (batch === "") return;
    const ok = stream.write(batch);
    batch = "";
    if (!ok) await new Promise<void>((resolve) => stream.once("drain", resolve));
  };
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
}
