import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { verifiedHistory } from "@relm/core/usecases/deploy";
import { withRegistryOption } from "./registry-run.ts";
import { deployRun, deployedLine, requireStatus, runRecorded, startRecorded, type DeployAsk } from "../deploy/deploy-run.ts";
import { withMirrorOptions } from "../deploy/forge-mirror.ts";
import { EXIT } from "../exit-codes.ts";

interface DeployFlags {
  env?: string;
  version?: string;
  package?: string;
  id?: string;
  allowFailed?: boolean;
  message?: string;
}

function envOf(o: DeployFlags): string {
  if (o.env?.trim()) return o.env;
  throw new RelmError("RELM_DEPLOY_ENV", "usage", "which environment? --env is required", { details: [{ where: "--env", message: "missing" }], hint: "relm deploy --env staging -- ./deploy.sh" });
}

const askOf = (o: DeployFlags): DeployAsk => ({
  environment: envOf(o),
  ...(o.version ? { version: o.version } : {}),
  ...(o.package ? { package: o.package } : {}),
  ...(o.id ? { id: o.id } : {}),
  ...(o.allowFailed ? { allowFailed: true } : {}),
  ...(o.message ? { message: o.message } : {}),
});

function withDeployOptions(command: Command): Command {
  // Not a required option: commander checks those of every parent too, and `deploy record` would then need two.
  return withMirrorOptions(withRegistryOption(command))
    .option("--env <name>", "the environment deployed to (required)")
    .option("--version <version>", "the published version (default: the release of the checked-out commit)")
    .option("--package <name>", "the package (monorepos)")
    .option("--id <id>", "the deployment's id; the same id resumes it (default: from the pipeline in CI, else new)")
    .option("--actor <login>", "who deploys (default: the CI host's user)")
    .option("--message <text>", "a note kept with the deployment");
}

export function registerDeploy(program: Command): void {
  const deploy = withDeployOptions(program.command("deploy"))
    .description("Deploy a published release: check its record and artifacts, record the deployment, run the command after --, record how it ended.")
    .argument("[command...]", "the deploy command and its arguments, after -- (run without a shell; RELM_VERSION, RELM_ENVIRONMENT, RELM_TAG, RELM_COMMIT, RELM_DEPLOYMENT_ID are set)")
    .option("--allow-failed", "deploy a release that was backed out or reviewed as failed (recorded)", false)
    .addHelpText("after", "\nExample: relm deploy --env staging -- ./deploy.sh\nExit 0 deployed, 1 refused or the command failed, 2 usage or configuration error.")
    .action(async (argv: string[], _opts: unknown, command: Command) => {
      const o = command.opts<DeployFlags>();
      const ask = askOf(o);
      const run = await deployRun(command, { mirror: true });
      const start = await startRecorded(run, ask);
      const done = await runRecorded(run, start, { argv });
      if (run.globals.json) process.stdout.write(`${JSON.stringify({ deploymentId: start.deploymentId, environment: ask.environment, version: start.release.version, status: done.status, resumed: done.resumed, ...(done.forge ? { forge: done.forge } : {}) }, null, 2)}\n`);
      else process.stdout.write(deployedLine(done));
      process.exitCode = done.status === "success" ? EXIT.ok : EXIT.refused;
    });

  // The deploy options (--env, --version, --id, ...) are deploy's own: commander hands them to the
  // parent wherever they stand, so `record` reads them from there.
  deploy
    .command("record")
    .description("Record a deployment made by other means (or finish a started one, named by --id). Takes deploy's options: --env, --version, --package, --id, --allow-failed.")
    .requiredOption("--status <outcome>", "success or failure")
    .addHelpText("after", "\nExample: relm deploy record --env production --version 1.4.0 --status success")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.optsWithGlobals<DeployFlags & { status: string }>();
      const status = requireStatus(o.status);
      const ask = askOf(o);
      const run = await deployRun(command, { mirror: true });
      const history = o.id ? await verifiedHistory(run.registry) : undefined;
      const started = o.id ? history?.startedOf(o.id) : undefined;
      // A started deployment is finished as it was started; otherwise one is started and finished at once.
      const start = await startRecorded(run, { ...ask, ...(started ? { version: started.subject.version, ...(started.subject.package ? { package: started.subject.package } : {}), allowFailed: true } : {}) });
      const done = await runRecorded(run, start, { status });
      if (run.globals.json) process.stdout.write(`${JSON.stringify({ deploymentId: start.deploymentId, environment: ask.environment, version: start.release.version, status: done.status, ...(done.forge ? { forge: done.forge } : {}) }, null, 2)}\n`);
      else process.stdout.write(deployedLine(done));
    });
}
