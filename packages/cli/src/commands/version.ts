import type { Command } from "commander";
import { noReleaseText, runPlan, withRangeOptions } from "./plan-run.ts";

export function registerVersion(program: Command): void {
  withRangeOptions(program.command("version"))
    .description("Print the next version (one per line as `name version` in a monorepo). Nothing on stdout when no release is needed, so `v=$(relm version)` works in scripts.")
    .action(async (_opts: unknown, command: Command) => {
      const run = await runPlan(command, { credits: false });
      const { plan, globals } = run;
      // Loaded only at a tagged target: asking the forge and the registry needs their adapters.
      if (run.plan.packages.some((p) => p.alreadyReleased)) await (await import("./plan-unfinished.ts")).markUnfinished(run, command);
      const released = plan.packages.filter((p) => p.released && p.next);
      if (globals.json) {
        const packages = plan.packages.map((p) => ({
          name: p.name,
          released: p.released,
          ...(p.previous ? { previous: p.previous.version } : {}),
          ...(p.next ? { version: p.next.version, tag: p.next.tag } : {}),
          ...(p.alreadyReleased ? { alreadyReleased: p.alreadyReleased } : {}),
          bump: p.bump,
          ...(p.reason ? { reason: p.reason } : {}),
        }));
        const single = plan.mode === "single" ? plan.packages[0]?.next?.version : undefined;
        const tagged = plan.mode === "single" ? plan.packages[0]?.alreadyReleased : undefined;
        const out = {
          released: plan.released,
          ...(plan.reason ? { reason: plan.reason } : {}),
          ...(single && plan.released ? { version: single } : {}),
          ...(tagged ? { alreadyReleased: tagged } : {}),
          packages,
        };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (!plan.released) {
        process.stderr.write(`${[noReleaseText(plan), ...plan.warnings].join("\n")}\n`);
        return;
      }
      const lines = released.map((p) => (plan.mode === "single" ? (p.next?.version ?? "") : `${p.name} ${p.next?.version ?? ""}`));
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
