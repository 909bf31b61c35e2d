// One `relm publish` of FILE to URL in its own process, so its peak memory is its own.
// argv: URL FILE VERSION WARMUP_URL; prints { seconds, maxRssKiB, baselineKiB }.
import { writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { publishRelease } from "@relm/core";
import { artifactsFromFiles, openRegistry } from "@relm/registry";

const [url = "", file = "", version = "1.0.0", warmupUrl = ""] = process.argv.slice(2);

async function publish(to: string, path: string): Promise<void> {
  const registry = await openRegistry(to, { cwd: tmpdir(), env: {}, fetch, options: { insecure: true } });
  const artifacts = await artifactsFromFiles(dirname(path), [basename(path)]);
  const facts = { project: "bench", version, tag: `v${version}`, commit: "d".repeat(40), range: { to: "d".repeat(40) }, notes: "", pipeline: { provider: "local" as const } };
  await publishRelease({ release: facts, artifacts, now: new Date().toISOString() }, { registry });
}

// Warm up on a small file: every module and the HTTP stack are loaded before the measured run.
const small = join(tmpdir(), `relm-bench-warmup-${process.pid}.txt`);
await writeFile(small, "warm-up");
await publish(warmupUrl, small);
const baselineKiB = process.resourceUsage().maxRSS;
const started = process.hrtime.bigint();
await publish(url, file);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, maxRssKiB: process.resourceUsage().maxRSS, baselineKiB })}\n`);
