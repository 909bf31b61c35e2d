// Runs the real `relm` CLI (packages/cli/bin/relm.js) in a child process under this Node (24).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { gitEnv } from "./git-fixture.ts";
import { repoRoot } from "./replay.ts";

export const relmBin = join(repoRoot, "packages", "cli", "bin", "relm.js");

export interface RelmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runRelm(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): RelmRun {
  const run = spawnSync(process.execPath, [relmBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: gitEnv({ NO_COLOR: "1", ...(options.env ?? {}) }),
    encoding: "utf8",
    input: options.input ?? "",
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** Runs relm with --json and parses stdout; fails loudly with stderr when it is not JSON. */
export function runRelmJson<T = unknown>(args: readonly string[], options: Parameters<typeof runRelm>[1] = {}): { code: number; json: T; stderr: string } {
  const run = runRelm([...args, "--json"], options);
  try {
    return { code: run.code, json: JSON.parse(run.stdout) as T, stderr: run.stderr };
  } catch {
    throw new Error(`relm ${args.join(" ")} --json printed no JSON (exit ${run.code}).\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  }
}
