#!/usr/bin/env node
import { CommanderError } from "commander";
import { buildProgram } from "./program.ts";
import { errorText } from "./report-error.ts";
import { EXIT, exitCodeFor } from "./exit-codes.ts";

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
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

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
