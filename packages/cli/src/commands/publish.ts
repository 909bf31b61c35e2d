import type { Command } from "commander";
import type { ReleasePlan } from "@relm/core";
import { publishRelease } from "@relm/core/usecases/publish";
import { join } from "node:path";
import { artifactsFromFiles } from "@relm/registry/local-artifacts";
import { withUploadJournal } from "@relm/registry/upload-journal";
import { runPlan, withRangeOptions } from "./plan-run.ts";
import { openProjectRegistry, readJsonFile, withRegistryOption } from "./registry-run.ts";
import { releaseFacts, type FactsOptions } from "./release-facts.ts";
import { reportToCi } from "../ci-report.ts";
import { withForgeOptions } from "../release/context.ts";
import { withGateAskOptions } from "../gate/gate-ask.ts";
import { collect } from "../collect.ts";
import { repositoryOf } from "../release/project-of.ts";
import { humanBytes, transferProgress } from "../progress/index.ts";
import type { PublishAuthorisationOptions } from "../release/publish-authorisation.ts";

interface PublishOptions extends FactsOptions, PublishAuthorisationOptions {
  dir?: string;
  plan?: string;
  decision?: string;
  approvals?: string;
}

const repository = (env: NodeJS.ProcessEnv): { repository?: string } => {
  const url = repositoryOf(env);
  return url ? { repository: url } : {};
};

export function registerPublish(program: Command): void {
  withGateAskOptions(withForgeOptions(withRegistryOption(withRangeOptions(program.command("publish")))))
    .description("Put artifacts and the release record (plan, gate decision, the re-judged CAB sign-off, the release candidate) into the release registry. Refuses a release without a valid sign-off of this candidate.")
    .argument("<files...>", "artifact files, relative to --dir")
    .option("--dir <dir>", "artifact directory: names are relative to it, nothing outside it is published (default: --cwd)")
    .option("--plan <file>", "the release plan as JSON (`relm plan --json`); default: plan it now")
    .option("--decision <file>", "the gate's decision as JSON (`relm gate --json`)")
    .option("--approvals <file>", "locally: the approvals `relm approve --json` wrote (or an evidence array); judged again against the committed policy, its verdict is never trusted. On a forge the approvals are read again from the forge")
    .option("--approve <login>", "a CAB member's approval, given on the command line (local forge); repeat per approver", collect, [])
    .option("--actor <login>", "who runs the release (separation of duties refuses their approval)")
    .option("--candidate <file|digest>", "the release candidate the CAB signed; refused when the checkout or the files are another one")
    .option("--package <name>", "the package to publish (monorepos)")
    .option("--version <version>", "the version to publish (default: the plan's next version)")
    .option("--tag <tag>", "the release's tag (default: the plan's)")
    .option("--env <name>", "the environment the gate and approvals were for (rollback reads it)")
    .action(async (files: string[], _opts: unknown, command: Command) => {
      const o = command.opts<PublishOptions>();
      const { registry, globals, root, config } = await openProjectRegistry(command);
      const planned = o.plan ? undefined : await runPlan(command);
      const plan = planned?.plan ?? ((await readJsonFile(o.plan ?? "", "--plan")) as ReleasePlan);
      const project = config.project;
      const facts = releaseFacts({
        plan,
        project,
        root,
        ...(o.decision ? { decision: await readJsonFile(o.decision, "--decision") } : {}),
        options: o,
        env: process.env,
      });
      // Loaded only here: the authorisation reads the forge and the committed policy.
      const { publishAuthorisation } = await import("../release/publish-authorisation.ts");
      Object.assign(facts, await publishAuthorisation(command, o, files));
      const journal = await withUploadJournal(registry, join(root, ".relm", "cache", "uploads.json"));
      const progress = transferProgress("uploading", { sink: process.stderr, quiet: globals.json || globals.quiet });
      const artifacts = journal.prepare(await artifactsFromFiles(o.dir ?? globals.cwd, files)).map((a) => ({ ...a, open: () => progress.track(a.name, a.size, a.open()) }));
      const result = await publishRelease({ release: facts, artifacts, now: new Date().toISOString(), ...repository(process.env) }, { registry: journal.registry });
      reportToCi(process.env, { RELM_VERSION: result.record.version, RELM_TAG: result.record.tag, RELM_RECORD_DIGEST: result.digest });
      if (globals.json) {
        process.stdout.write(`${JSON.stringify({ created: result.created, digest: result.digest, record: result.record }, null, 2)}\n`);
        return;
      }
      const what = `${result.record.package ? `${result.record.package} ` : ""}${result.record.version}`;
      process.stdout.write(result.created ? `published ${what} to ${registry.location} (record ${result.digest}, chain position ${result.record.chain.sequence})\n` : `${what} is already published with the same content in ${registry.location}: nothing to do\n`);
      for (const a of result.record.artifacts) process.stdout.write(`  ${a.name}  ${humanBytes(a.size)}  sha256:${a.sha256}\n`);
    });
}
