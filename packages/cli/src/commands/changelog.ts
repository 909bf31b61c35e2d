import type { Command } from "commander";
import { changelogHasVersion, updateChangelog } from "@relm/core/notes/update-changelog";
import { workTreeFile } from "../local-forge/changelog-file.ts";
import { noReleaseText, runPlan, withRangeOptions } from "./plan-run.ts";

interface ChangelogOutcome {
  path: string;
  version: string;
  updated: boolean;
}

export function registerChangelog(program: Command): void {
  withRangeOptions(program.command("changelog"))
    .description("Add the next release's notes to CHANGELOG.md (per package in a monorepo). Idempotent: a version already there is left alone.")
    .option("--dry-run", "print the sections that would be added; write nothing", false)
    .action(async (opts: { dryRun: boolean }, command: Command) => {
      const { plan, globals, root } = await runPlan(command);
      const outcomes: ChangelogOutcome[] = [];
      const printed: string[] = [];
      for (const p of plan.packages) {
        if (!p.released || !p.next || p.changelogFile === undefined) continue;
        const file = workTreeFile(root, p.changelogFile);
        const existing = (await file.read()) ?? "";
        const updated = !changelogHasVersion(existing, p.next.version);
        if (updated && !opts.dryRun) await file.write(updateChangelog(existing, p.notes, p.next.version));
        outcomes.push({ path: p.changelogFile, version: p.next.version, updated });
        const verb = opts.dryRun ? (updated ? "would add" : "already has") : updated ? "added" : "already has";
        printed.push(`${p.changelogFile}: ${verb} ${p.next.version}`);
        if (opts.dryRun && updated) printed.push("", p.notes.trimEnd(), "");
      }
      if (globals.json) {
        const out = { released: plan.released, ...(plan.reason ? { reason: plan.reason } : {}), dryRun: opts.dryRun, files: outcomes };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (!plan.released) printed.push(noReleaseText(plan));
      else if (outcomes.length === 0) printed.push("The changelog is turned off (changelog: false in the configuration).");
      process.stdout.write(`${printed.join("\n")}\n`);
    });
}
