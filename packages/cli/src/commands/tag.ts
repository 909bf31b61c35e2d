import type { Command } from "commander";
import { reportTag, tagRelease } from "@relm/core";
import { commandContext, withForgeOptions } from "../release/context.ts";
import { releaseOfTarget } from "../release/plan-step.ts";
import { tagPorts } from "../release/release-steps.ts";
import { reportToCi } from "../ci-report.ts";

interface TagOptions {
  draft?: boolean;
  dryRun?: boolean;
}

export function registerTag(program: Command): void {
  withForgeOptions(program.command("tag"))
    .description("Tag the release: an annotated tag per package, the forge release with the notes (locally .relm/releases/<tag>.md) and the changelog. Safe to re-run.")
    .option("--draft", "create the forge release as a draft")
    .option("--dry-run", "say what would be tagged; change nothing")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<TagOptions>();
      const ctx = await commandContext(command);
      // Planned without the tags already on HEAD: a re-run completes the same release instead of finding nothing.
      const { plan, step } = await releaseOfTarget({ git: ctx.git, root: ctx.root, config: ctx.loaded.config });
      if (step.targets.length === 0) {
        if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ released: false, reason: plan.reason ?? "no release needed", outcomes: [] }, null, 2)}\n`);
        else ctx.runtime.info(`nothing to tag: ${plan.reason ?? "no release needed"}`);
        return;
      }
      const result = await tagRelease({ targets: step.targets, dryRun: o.dryRun === true, ...(o.draft ? { draft: true } : {}) }, tagPorts(ctx, () => plan));
      const first = result.outcomes[0];
      reportToCi(ctx.env, first ? { RELM_VERSION: first.version, RELM_TAG: first.tag } : {});
      if (ctx.globals.json) {
        process.stdout.write(`${JSON.stringify({ released: true, ...result }, null, 2)}\n`);
        return;
      }
      reportTag(ctx.runtime, result);
    });
}
