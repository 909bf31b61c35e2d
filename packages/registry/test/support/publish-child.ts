// A publisher in its own process, so tests can measure its peak memory or kill it mid-upload.
// argv: REGISTRY_URL VERSION MEBIBYTES [WARMUP_URL]   (prints "streamed <MiB>" as it goes, then a JSON summary)
// env: RELM_TEST_REGISTRY_ENV, JSON: the environment the registry is opened with (default none).
import { tmpdir } from "node:os";
import { publishRelease } from "@relm/core";
import { openRegistry } from "@relm/registry";

const [url = "", version = "1.0.0", mib = "1", warmupUrl] = process.argv.slice(2);
const total = Number(mib);
const registryEnv = JSON.parse(process.env.RELM_TEST_REGISTRY_ENV ?? "{}") as Record<string, string>;

/** Deterministic content made on the fly: the file never exists as a whole, in memory or on disk. */
async function* generated(mebibytes: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < mebibytes; i += 1) {
    const chunk = Buffer.alloc(1024 * 1024, i % 251);
    chunk.writeUInt32BE(i, 0);
    yield chunk;
    if ((i + 1) % 16 === 0) process.stdout.write(`streamed ${i + 1}\n`);
  }
}

async function publish(to: string, mebibytes: number) {
  const registry = await openRegistry(to, { cwd: tmpdir(), env: registryEnv, fetch, options: { insecure: true, lockSettleMs: 1000 } });
  return publishRelease(
    {
      release: { project: "child", version, tag: `v${version}`, commit: "c".repeat(40), range: { to: "c".repeat(40) }, notes: "", pipeline: { provider: "local" } },
      artifacts: [
        { name: "small.txt", mediaType: "text/plain", size: 5, open: async function* () { yield Buffer.from("small"); } },
        { name: "big.bin", mediaType: "application/octet-stream", size: mebibytes * 1024 * 1024, open: () => generated(mebibytes) },
      ],
      now: new Date().toISOString(),
    },
    { registry },
  );
}

// The same code path once with 1 MiB: loads every module and the HTTP stack, so what follows is streaming alone.
const baselineKiB = warmupUrl ? (await publish(warmupUrl, 1), process.resourceUsage().maxRSS) : undefined;
const result = await publish(url, total);
process.stdout.write(`${JSON.stringify({ created: result.created, digest: result.digest, artifacts: result.record.artifacts, baselineKiB, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
