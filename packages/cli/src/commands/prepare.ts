import type { Command } from "commander";
import type { ExtraFile } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { prepareRelease } from "@relm/core/usecases/prepare";
import { workspacePackages } from "@relm/git/workspace-packages";
import { workTreeFile } from "../local-forge/changelog-file.ts";
import { updateLockfiles } from "../prepare/lockfile.ts";
import { prepareJson, prepareText, type PrepareOutcome } from "../prepare/prepare-output.ts";
import { isInside, workTreeReader } from "../prepare/work-tree-files.ts";
import { runPlan, type PlanRun } from "./plan-run.ts";

/** Extra files must stay in the repository once links are followed too (the schema checks the text). */
function assertExtraFilesInside(run: PlanRun, entries: readonly ExtraFile[]): void {
  for (const [index, entry] of entries.entries()) {
    if (isInside(run.root, entry.path)) continue;
    const where = `${run.source.file}:${run.source.lineOf(["extraFiles", index, "path"]) ?? 1} extraFiles.${index}.path`;
    throw new RelmError("RELM_CONFIG_INVALID", "config", `${run.source.file}: extra file ${entry.path} is outside the repository`, {
      details: [{ where, message: "an extra file must be inside the repository (a link that leads out counts as outside)" }],
      hint: "Point extraFiles at files in the repository.",
    });
  }
}

export function registerPrepare(program: Command): void {
  program
    .command("prepare")
    .configureHelp({ showGlobalOptions: true })
    .description(
      "Write the planned release into the working tree: each released package's version into its package.json, workspace dependents' ranges, its CHANGELOG.md section and the extra files; --commit makes the release commit. Idempotent.",
    )
    .option("--dry-run", "say what would be written; write nothing, commit nothing", false)
    .option("--commit", "commit the written files as one `chore(release): ...` commit", false)
    .action(async (opts: { dryRun: boolean; commit: boolean }, command: Command) => {
      const run = await runPlan(command);
      const { plan, config, root, globals } = run;
      // A plan reads past a broken workspace manifest (as one package); writing versions must not.
      if (config.packages === undefined) await workspacePackages(root);
      assertExtraFilesInside(run, config.extraFiles);
      const prepared = await prepareRelease(
        { workTree: workTreeReader(root) },
        { plan, config, configFile: run.source.file, lineOf: (p) => run.source.lineOf(p) },
      );
      const changed = prepared.files.filter((f) => f.changed);
      if (!opts.dryRun) for (const f of changed) await workTreeFile(root, f.path).write(f.text);
      const lockfiles = prepared.released
        ? await updateLockfiles(root, { manifestsChanged: changed.some((f) => f.kind === "manifest"), dryRun: opts.dryRun })
        : [];
      const outcome: PrepareOutcome = { prepared, dryRun: opts.dryRun, lockfiles };
      if (opts.commit && prepared.commitMessage !== undefined) {
        const message = prepared.commitMessage;
        const paths = [...prepared.files.map((f) => f.path), ...lockfiles.filter((l) => l.status !== "left alone").map((l) => l.path)];
        const hash = opts.dryRun ? undefined : await run.git.commitPaths(paths, `${message}\n`);
        outcome.commit = { ...(hash !== undefined ? { hash } : {}), message };
      }
      if (!globals.quiet) for (const w of plan.warnings) process.stderr.write(`relm: warning: ${w}\n`);
      process.stdout.write(globals.json ? `${JSON.stringify(prepareJson(outcome), null, 2)}\n` : prepareText(outcome));
    });
}
