import { describe, expect, it } from "vitest";
import { humanBytes, transferProgress } from "../src/progress/index.ts";

const MiB = 1024 * 1024;
async function* chunks(count: number, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) yield new Uint8Array(size).fill(i);
}
async function drain(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of stream) out.push(c);
  return out;
}
function sink(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (t: string) => written.push(t), columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
}

describe("transfer progress", () => {
  it("in a CI log: a line every few seconds with human sizes and the share done, the bytes untouched", async () => {
    const log = sink(false);
    let clock = 0;
    const progress = transferProgress("uploading", { sink: log, quiet: false, now: () => (clock += 2000), everyMs: 5000 });
    const out = await drain(progress.track("dist/app.tgz", 10 * MiB, chunks(10, MiB)));
    expect(out.map((c) => c[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(log.written.length).toBeGreaterThanOrEqual(3);
    expect(log.written[0]).toMatch(/^uploading dist\/app\.tgz: \d+ MiB of 10 MiB \(\d+%\)\n$/);
    expect(log.written.every((l) => !l.startsWith("::"))).toBe(true);
  });

  it("a name with control characters cannot start a line of its own", async () => {
    const log = sink(false);
    let clock = 0;
    const progress = transferProgress("downloading", { sink: log, quiet: false, now: () => (clock += 10_000) });
    await drain(progress.track("a\n::error::x", 2, chunks(2, 1)));
    expect(log.written.join("")).not.toMatch(/\n::/);
    expect(log.written[0]).toContain("a?::error::x");
  });

  it("on a terminal: a bar that ends at 100% with the sizes", async () => {
    const tty = sink(true);
    const progress = transferProgress("downloading", { sink: tty, quiet: false });
    await drain(progress.track("big.bin", 4 * MiB, chunks(4, MiB)));
    const text = tty.written.join("");
    expect(text).toContain("downloading big.bin");
    expect(text).toContain("100% 4 MiB of 4 MiB");
  });

  it("with --json: nothing, and the very stream passes", async () => {
    const log = sink(true);
    const stream = chunks(3, 10);
    const progress = transferProgress("uploading", { sink: log, quiet: true });
    expect(progress.track("x", 30, stream)).toBe(stream);
    await drain(stream);
    expect(log.written).toEqual([]);
  });

  it("writes sizes as people read them", () => {
    expect(humanBytes(512)).toBe("512 B");
    expect(humanBytes(1.2 * 1024 * MiB)).toBe("1.2 GiB");
    expect(humanBytes(300_000_000)).toBe("286.1 MiB");
  });
});
