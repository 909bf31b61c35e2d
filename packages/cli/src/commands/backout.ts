import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { recordKey } from "@relm/core/record/release-record-schema";
import { planBackout, recordBackout } from "@relm/core/usecases/backout";
import { withRegistryOption } from "./registry-run.ts";
import { deployRun, deployedLine, runRecorded, startRecorded } from "../deploy/deploy-run.ts";
import { deploymentIdOf } from "@relm/deploy";
import { withMirrorOptions } from "../deploy/forge-mirror.ts";
import { EXIT } from "../exit-codes.ts";

interface BackoutFlags {
  env: string;
  to?: string;
  current?: string;
  package?: string;
  reason?: string;
  id?: string;
  dryRun?: boolean;
}

export function registerBackout(program: Command): void {
  withMirrorOptions(withRegistryOption(program.command("backout")))
    .description("Back a release out of an environment: mark it failed, deploy the previous good version (the command after --), record both.")
    .argument("[command...]", "the deploy command for the previous good version, after -- (RELM_VERSION etc. name that version)")
    .requiredOption("--env <name>", "the environment")
    .option("--reason <text>", "why it is backed out (required)")
    .option("--to <version>", "the version to go back to (default: the previous good one deployed there)")
    .option("--current <version>", "the version to back out (default: the one deployed there now)")
    .option("--package <name>", "the package (monorepos)")
    .option("--id <id>", "the id of the deployment that carries the back-out out (a re-run resumes it)")
    .option("--actor <login>", "who backs out (default: the CI host's user)")
    .option("--dry-run", "say what would be backed out and deployed, record nothing", false)
    .addHelpText("after", "\nExample: relm backout --env production --reason \"error rate 4%\" -- ./deploy.sh\nThe failed release is not promoted again (gate rule `failed`) unless an override names it.")
    .action(async (argv: string[], _opts: unknown, command: Command) => {
      const o = command.opts<BackoutFlags>();
      if (!o.reason?.trim()) {
        throw new RelmError("RELM_BACKOUT_REASON", "usage", "a back-out needs a reason", { details: [{ where: "--reason", message: "missing or empty" }], hint: 'Say why: --reason "error rate above 2% after 1.4.0".' });
      }
      const run = await deployRun(command, { mirror: true });
      const plan = await planBackout({ environment: o.env, ...(o.to ? { to: o.to } : {}), ...(o.current ? { current: o.current } : {}), ...(o.package ? { package: o.package } : {}) }, { registry: run.registry });
      if (o.dryRun) {
        process.stdout.write(run.globals.json ? `${JSON.stringify({ environment: o.env, current: recordKey(plan.current), target: recordKey(plan.target), from: plan.from }, null, 2)}\n` : `would back ${recordKey(plan.current)} out of ${o.env} and deploy ${recordKey(plan.target)} (from the ${plan.from})\n`);
        return;
      }
      const id = o.id ?? plan.pending?.deploymentId ?? deploymentIdOf(process.env, { environment: o.env, version: plan.target.version, step: "backout" });
      const at = new Date().toISOString();
      const marked = await recordBackout(plan, { project: run.project, environment: o.env, reason: o.reason.trim(), deploymentId: id, at, ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline }, { registry: run.registry });
      const start = await startRecorded(run, { environment: o.env, version: plan.target.version, ...(plan.target.package ? { package: plan.target.package } : {}), id, message: `back-out of ${recordKey(plan.current)}: ${o.reason.trim()}` });
      const done = await runRecorded(run, start, { argv });
      if (run.globals.json) {
        process.stdout.write(`${JSON.stringify({ environment: o.env, failed: recordKey(plan.current), deployed: recordKey(plan.target), deploymentId: id, status: done.status, backout: marked.where }, null, 2)}\n`);
      } else {
        process.stdout.write(`backed ${recordKey(plan.current)} out of ${o.env}: marked failed (${marked.where}${marked.created ? "" : ", recorded before"})\n`);
        process.stdout.write(deployedLine(done));
      }
      process.exitCode = done.status === "success" ? EXIT.ok : EXIT.refused;
    });
}
