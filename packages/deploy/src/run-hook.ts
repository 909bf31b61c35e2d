import { spawn } from "node:child_process";
import { RelmError } from "@relm/core/errors";

import type { HookRun, HookRunner } from "@relm/core";

/**
 * Runs the pipeline's own deploy command, as argv (never through a shell: no value relm passes can
 * be read as shell syntax), with what it deploys in RELM_* variables. A signal relm receives is
 * passed on, so cancelling the job stops the command and the failure is still recorded.
 */
export async function runHook(argv: readonly string[], vars: Readonly<Record<string, string>>, cwd: string): Promise<HookRun> {
  const [file, ...args] = argv;
  if (file === undefined) throw new RelmError("RELM_DEPLOY_COMMAND", "usage", "no command was given after --");
  const child = spawn(file, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ...vars } });
  const forward = (signal: NodeJS.Signals) => void child.kill(signal);
  process.on("SIGTERM", forward);
  process.on("SIGINT", forward);
  try {
    return await new Promise<HookRun>((resolve, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) =>
        reject(new RelmError("RELM_DEPLOY_COMMAND", "usage", `cannot run ${JSON.stringify(file)}: ${error.code === "ENOENT" ? "no such command" : error.message}`, { cause: error, details: [{ where: "--", message: argv.join(" ") }] })),
      );
      child.once("close", (code, signal) => resolve({ ok: code === 0, how: signal ? `signal ${signal}` : `exit ${String(code)}` }));
    });
  } finally {
    process.off("SIGTERM", forward);
    process.off("SIGINT", forward);
  }
}

/** The hook runner core's deploy and rollout use cases call, in the repository's directory. */
export function hookRunner(cwd: string): HookRunner {
  return { run: (argv, vars) => runHook(argv, vars, cwd) };
}
