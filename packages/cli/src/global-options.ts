import type { Command } from "commander";

/** Options every command takes. */
export interface GlobalOptions {
  cwd: string;
  config?: string;
  json: boolean;
  /** --quiet: results and errors only. */
  quiet: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const o = command.optsWithGlobals<{ cwd?: string; config?: string; json?: boolean; quiet?: boolean }>();
  return { cwd: o.cwd ?? process.cwd(), ...(o.config === undefined ? {} : { config: o.config }), json: o.json === true, quiet: o.quiet === true };
}
