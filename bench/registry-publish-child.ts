// One `relm publish` of FILE to URL in a process of its own, so its peak memory is its own: the
// CLI's main(), started as packages/cli/bin/relm.js starts it (compile cache on, see bench/registry.ts), in REPO, a small
// git repository whose plan gives the record its facts. argv: URL FILE VERSION REPO; prints
// { seconds, maxRssKiB } on its last line. `seconds` leaves out Node's start and the command's
// modules (loaded before the clock starts), not the configuration or the backend it opens.
import { basename, dirname } from "node:path";

// bench/registry.ts starts this with NODE_COMPILE_CACHE set, the cache relm.js turns on.
const { main } = await import("../packages/cli/src/main.ts");
await import("../packages/cli/src/commands/publish.ts");

const [url = "", file = "", version = "1.0.0", repo = ""] = process.argv.slice(2);
const started = process.hrtime.bigint();
const code = await main(["--cwd", repo, "publish", "--registry", url, "--version", version, "--dir", dirname(file), basename(file)]);
if (code !== 0) throw new Error(`relm publish to ${url} exited ${code}`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(`${JSON.stringify({ seconds, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
