import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.ts";

/** The `relm` program with every command registered; parse errors throw instead of exiting. */
export function buildProgram(): Command {
  const program = new Command("relm")
    .description("Release management for CI pipelines: gate, plan (version + notes), tag, approve, publish.")
    .option("-C, --cwd <dir>", "repository to work in (default: the current directory)")
    .option("-c, --config <file>", "configuration file (default: .relm.yml at the repository root)")
    .option("--json", "print the result as JSON on stdout", false)
    .showHelpAfterError("(run `relm --help` for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export { CommanderError };
