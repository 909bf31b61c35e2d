import type { Command } from "commander";
import { noReleaseText, runPlan, withRangeOptions } from "./plan-run.ts";

export function registerNotes(program: Command): void {
  withRangeOptions(program.command("notes"))
    .description("Print the release notes as Markdown (each released package's in a monorepo).")
    .action(async (_opts: unknown, command: Command) => {
      const { plan, globals } = await runPlan(command);
      const released = plan.packages.filter((p) => p.released);
      if (globals.json) {
        const packages = released.map((p) => ({ name: p.name, version: p.next?.version, tag: p.next?.tag, notes: p.notes }));
        process.stdout.write(`${JSON.stringify({ released: plan.released, ...(plan.reason ? { reason: plan.reason } : {}), packages }, null, 2)}\n`);
        return;
      }
      if (!plan.released) {
        process.stdout.write(`${noReleaseText(plan)}\n`);
        return;
      }
      const parts = released.map((p) => (plan.mode === "single" ? p.notes.trimEnd() : `# ${p.name}\n\n${p.notes.trimEnd()}`));
      process.stdout.write(`${parts.join("\n\n")}\n`);
    });
}
