import type { Command } from "commander";
import { planRollback } from "@relm/core/usecases/rollback";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";

export function registerRollback(program: Command): void {
  withRegistryOption(program.command("rollback"))
    .description("The back-out target: the last version before the current one that passed its gate and approval.")
    .requiredOption("--env <name>", "the environment to roll back")
    .option("--current <version>", "the version running now (default: the newest recorded for --env)")
    .option("--package <name>", "only this package's records (monorepos)")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<{ env: string; current?: string; package?: string }>();
      const { registry, globals } = await openProjectRegistry(command);
      const { current, target } = await planRollback({ environment: o.env, ...(o.current ? { current: o.current } : {}), ...(o.package ? { package: o.package } : {}) }, { registry });
      if (globals.json) {
        process.stdout.write(`${JSON.stringify({ environment: o.env, current: current.version, target: target.version, tag: target.tag, commit: target.commit, artifacts: target.artifacts }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`roll ${o.env} back from ${current.version} to ${target.version} (${target.tag}, commit ${target.commit.slice(0, 12)}, published ${target.times.published})\n`);
      process.stdout.write(`  fetch it: relm fetch ${target.version} --out DIR\n`);
    });
}
