import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Streamed chunks are Buffers whose bytes live outside V8's heap; V8 only collects them after ~64 MB
 * of such memory has piled up, which alone would break relm's promise that publishing a 2 GiB file
 * stays under ~100 MB of RSS. A young-generation collection every few MiB frees the spent chunks
 * (it costs well under a millisecond, measured by bench/registry.ts).
 */
const EVERY_BYTES = 4 * 1024 * 1024;

type Gc = (options?: { type?: "minor" | "major"; execution?: "sync" | "async" }) => void;

let gc: Gc | undefined;
function collector(): Gc | undefined {
  if (gc) return gc;
  try {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as Gc;
  } catch {
    gc = () => undefined;
  }
  return gc;
}

/** Counts bytes streamed and collects spent chunks every EVERY_BYTES. */
export function chunkReaper(): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < EVERY_BYTES) return;
    since = 0;
    collector()?.({ type: "minor" });
  };
}
