import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { recordReview } from "@relm/core/usecases/review";
import { withRegistryOption } from "./registry-run.ts";
import { deployRun } from "../deploy/deploy-run.ts";

const OUTCOMES = ["success", "partial", "failed"] as const;

export function registerReview(program: Command): void {
  withRegistryOption(program.command("review"))
    .description("Record the post-release review of a published version; an outcome of failed marks the release failed.")
    .argument("<version>", "the published version")
    .requiredOption("--outcome <outcome>", "success, partial or failed")
    .option("--notes <file>", "the review as Markdown (a file; - reads stdin)")
    .option("--package <name>", "the package (monorepos)")
    .option("--actor <login>", "who reviews (default: the CI host's user)")
    .action(async (version: string, _opts: unknown, command: Command) => {
      const o = command.opts<{ outcome: string; notes?: string; package?: string }>();
      const outcome = OUTCOMES.find((x) => x === o.outcome);
      if (!outcome) throw new RelmError("RELM_REVIEW_OUTCOME", "usage", `--outcome ${JSON.stringify(o.outcome)} is not a review outcome`, { details: [{ where: "--outcome", message: `expected ${OUTCOMES.join(", ")}` }] });
      const run = await deployRun(command);
      const notes = o.notes === undefined ? "" : await readNotes(o.notes, run.globals.cwd);
      const result = await recordReview(
        { project: run.project, version, ...(o.package ? { package: o.package } : {}), at: new Date().toISOString(), ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline },
        { outcome, notes },
        { registry: run.registry },
      );
      if (run.globals.json) process.stdout.write(`${JSON.stringify({ version, outcome, recorded: result.where, created: result.created }, null, 2)}\n`);
      else process.stdout.write(`review of ${version}: ${outcome} (${result.where}${result.created ? "" : ", recorded before"})\n`);
    });
}

async function readNotes(path: string, cwd: string): Promise<string> {
  try {
    if (path === "-") {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    }
    return await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    throw new RelmError("RELM_INPUT_UNREADABLE", "usage", `cannot read --notes ${path}`, { cause: error, details: [{ where: path, message: (error as Error).message }] });
  }
}
