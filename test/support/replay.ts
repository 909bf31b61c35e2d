// Real project histories for tests: test/fixtures/histories/<name>.history.jsonl.gz replayed into a
// git repository by test/support/replay-history.mjs (same messages, topology, paths and tags).
// Both are copied into the repository so a clean checkout runs the tests with nothing beside it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type HistoryName = "semantic-release" | "release-please" | "conventional-changelog";

/** The repository root (two levels above test/support). */
export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const historyDataDir = join(repoRoot, "test", "fixtures", "histories");
export const replayScript = join(repoRoot, "test", "support", "replay-history.mjs");

export function historyFile(name: HistoryName): string {
  return join(historyDataDir, `${name}.history.jsonl.gz`);
}

/**
 * Replays one history into `dest` (default: a new temp dir) and returns the repository path.
 * The caller removes it (rmSync) when done; `replayed` below does both for a vitest file.
 */
export function replayHistory(name: HistoryName, dest?: string): string {
  const dir = dest ?? join(mkdtempSync(join(tmpdir(), `relm-replay-${name}-`)), "repo");
  if (!existsSync(historyFile(name))) throw new Error(`history data not found: ${historyFile(name)}`);
  execFileSync(process.execPath, [replayScript, historyFile(name), dir], { stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

/** Original hash -> replayed hash, from the map the replay tool writes into .git/. */
export function replayMap(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(join(dir, ".git", "replay-map.tsv"), "utf8").split("\n")) {
    const [from, to] = line.split("\t");
    if (from && to) map.set(from, to);
  }
  return map;
}

export function removeReplay(dir: string): void {
  rmSync(resolve(dir, ".."), { recursive: true, force: true });
}
