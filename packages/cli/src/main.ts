#!/usr/bin/env node
import { CommanderError } from "commander";
import { buildProgram, cliVersion } from "./program.ts";
import { errorText } from "./report-error.ts";
import { EXIT, exitCodeFor } from "./exit-codes.ts";

export async function main(argv: string[]): Promise<number> {
  // Only alone: `publish`, `tag` and others take a `--version <x>` of their own, which a root option
  // would swallow (commander reads root options after the command name too).
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  // Before any client is made: forge and registry clients take the global fetch when they start.
  if (argv.includes("--verbose") || process.env.RELM_DEBUG === "1") await traceCalls();
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are not errors.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
      return EXIT.usage;
    }
    process.stderr.write(`${errorText(error)}\n`);
    return exitCodeFor(error);
  }
}

/** `--verbose`: each git process and HTTP call on stderr, with its duration. */
async function traceCalls(): Promise<void> {
  const [{ traceGit }, { tracedFetch }] = await Promise.all([import("@relm/git/git-trace"), import("./trace/index.ts")]);
  const write = (line: string) => void process.stderr.write(`relm: debug: ${line}\n`);
  traceGit(write);
  globalThis.fetch = tracedFetch(globalThis.fetch, write);
}

/**
 * `relm plan --json | head` closes stdout before relm is done: that is the reader's choice, not a
 * failure, so relm stops quietly (as git and coreutils do) instead of crashing on EPIPE.
 */
export function stopQuietlyWhenStdoutCloses(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? EXIT.ok);
  });
}

if (import.meta.main) {
  stopQuietlyWhenStdoutCloses();
  process.exitCode = await main(process.argv.slice(2));
}
