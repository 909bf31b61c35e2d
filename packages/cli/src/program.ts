import { Command, CommanderError, type Option } from "commander";
import { readFileSync } from "node:fs";
import { commandLoaders } from "./commands/index.ts";

/** relm's own version, from the package that ships the CLI (read once, only where a program is built). */
export function cliVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const version = typeof manifest === "object" && manifest !== null && "version" in manifest ? manifest.version : undefined;
  return typeof version === "string" ? version : "unknown";
}

function rootProgram(): Command {
  return new Command("relm")
    .description("Release management for CI pipelines: gate, plan (version + notes), prepare (versions and changelogs written), tag, approve, publish.")
    .option("-C, --cwd <dir>", "repository to work in (default: the current directory)")
    .option("-c, --config <file>", "configuration file (default: .relm.yml at the repository root)")
    .option("--json", "print the result as JSON on stdout", false)
    .option("-q, --quiet", "print only results and errors: no progress, no notes along the way", false)
    .option("--verbose", "trace each git process and HTTP call (method, URL without secrets, status, duration) on stderr; also RELM_DEBUG=1", false)
    .addHelpText("after", "\nrelm --version (or -V) prints relm's version.")
    .showHelpAfterError("(run `relm --help` for usage)")
    .exitOverride();
}

/**
 * The command argv runs, found the way commander finds it (global options and their values come
 * first); undefined when argv names none, or in a way this scan does not follow (an unknown option,
 * `--`, `help`): then every command is loaded and commander decides, as it always did.
 */
export function commandNameOf(argv: readonly string[], options: readonly Option[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-") || arg === "-") return Object.hasOwn(commandLoaders, arg) ? arg : undefined;
    const long = arg.startsWith("--");
    const flag = long ? arg.split("=")[0] : arg.slice(0, 2);
    const option = options.find((o) => (long ? o.long === flag : o.short === flag));
    if (!option) return undefined;
    const inlineValue = long ? arg.includes("=") : arg.length > 2;
    if (!option.required && !option.optional && inlineValue) return undefined;
    if (option.required && !inlineValue) i++;
    // An optional value is taken only inline here; commander might take the next word instead.
    if (option.optional && !inlineValue) return undefined;
  }
  return undefined;
}

/**
 * The `relm` program with the command argv runs registered (every command when argv is not given
 * or names none, as for `relm --help`); parse errors throw instead of exiting.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = rootProgram();
  const only = argv === undefined ? undefined : commandNameOf(argv, program.options);
  const names = only === undefined ? Object.keys(commandLoaders) : [only];
  const registers = await Promise.all(names.map((name) => commandLoaders[name]?.()));
  for (const register of registers) register?.(program);
  return program;
}

export { CommanderError };
