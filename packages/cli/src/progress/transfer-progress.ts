import { Presets, SingleBar } from "cli-progress";
import type { ByteStream } from "@relm/core";
import { humanBytes } from "./human-bytes.ts";

/** Where progress goes: stderr, so a pipe of the results on stdout never carries it. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface TransferProgress {
  /** The same bytes, counted as they pass. */
  track(name: string, size: number | undefined, stream: ByteStream): ByteStream;
}

export interface ProgressOptions {
  sink: ProgressSink;
  /** --json, or a caller that wants no progress: the stream passes untouched. */
  quiet: boolean;
  now?: () => number;
  /** Without a terminal (CI logs): one line this often while bytes flow. */
  everyMs?: number;
}

const percent = (done: number, total: number | undefined): string => (total ? ` (${Math.floor((done / total) * 100)}%)` : "");

/**
 * Progress of long transfers (publish, fetch): a bar on a terminal (cli-progress), a line every few
 * seconds in a CI log, nothing with --json. Names are untrusted (they come from records): they are
 * printed after the verb, never at the start of a line.
 */
export function transferProgress(verb: string, options: ProgressOptions): TransferProgress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 5000;
  return {
    track(name, size, stream) {
      if (options.quiet) return stream;
      const total = size ?? 0;
      // eslint-disable-next-line no-control-regex
      const shown = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
      return (async function* counted(): AsyncGenerator<Uint8Array> {
        let done = 0;
        let last = now();
        const bar = options.sink.isTTY
          ? new SingleBar({ stream: options.sink as NodeJS.WriteStream, format: `${verb} {name} [{bar}] {percentage}% {done} of {all}`, hideCursor: true, clearOnComplete: false, noTTYOutput: false }, Presets.shades_classic)
          : undefined;
        bar?.start(Math.max(total, 1), 0, { name: shown, done: humanBytes(0), all: humanBytes(total) });
        try {
          for await (const chunk of stream) {
            done += chunk.byteLength;
            if (bar) bar.update(Math.min(done, Math.max(total, 1)), { done: humanBytes(done) });
            else if (now() - last >= everyMs) {
              last = now();
              options.sink.write(`${verb} ${shown}: ${humanBytes(done)}${total ? ` of ${humanBytes(total)}` : ""}${percent(done, total)}\n`);
            }
            yield chunk;
          }
        } finally {
          bar?.stop();
        }
      })();
    },
  };
}
