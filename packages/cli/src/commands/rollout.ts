import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { rolloutSchema, type RolloutConfig } from "@relm/core/rollout/rollout-schema";
import { currentRollout, endRollout, startRollout } from "@relm/core/usecases/rollout";
import { gitRepository } from "@relm/git/repository";
import { withRegistryOption } from "./registry-run.ts";
import { deployRun, type DeployRun } from "../deploy/deploy-run.ts";
import { deploymentIdOf, hookRunner, stepVerifier, timerWaiter } from "@relm/deploy";
import { systemClock } from "@relm/core/ports/clock";
import { backOutRollout, runNextStep, type RolloutPorts, type StepOutcome } from "@relm/core/usecases/rollout-step";
import { detectForge } from "../forges.ts";
import { forgeReaders } from "../gate/forge-readers.ts";
import { rolloutStatusText } from "../rollout/rollout-status-text.ts";
import { EXIT } from "../exit-codes.ts";

interface StepFlags {
  env: string;
  wait: boolean;
  all?: boolean;
}

function configOf(run: DeployRun, environment: string): RolloutConfig {
  return run.config.policy?.environments[environment]?.rollout ?? rolloutSchema.parse({});
}

/** The ports of a rollout run from here: this repository's directory, the forge's checks when the policy asks for them. */
async function portsOf(run: DeployRun, config: RolloutConfig): Promise<RolloutPorts> {
  const checks = config.verify.some((v) => "checks" in v) ? (await forgeReaders(detectForge(process.env, undefined), { cwd: run.root, git: gitRepository(run.root), env: process.env })).checks : undefined;
  return { registry: run.registry, hooks: hookRunner(run.root), verifier: stepVerifier(run.root, checks ? { checks } : {}), clock: systemClock, waiter: timerWaiter };
}

const whoOf = (run: DeployRun) => ({ project: run.project, ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline });

function said(outcome: StepOutcome, environment: string): string {
  if (outcome.kind === "ended") return `the rollout to ${environment} is ${outcome.status}; nothing to do\n`;
  const what = `step ${outcome.step.index}${outcome.step.percentage !== undefined ? ` (${outcome.step.percentage}%)` : ""}${outcome.step.slot ? ` (${outcome.step.action === "switch" ? "switch to" : "deploy to"} ${outcome.step.slot})` : ""}`;
  if (outcome.kind === "done") return `${what} of the rollout to ${environment}: success${outcome.complete ? "; the rollout is complete" : ""}\n`;
  return `${what} of the rollout to ${environment}: failure: ${outcome.reason}${outcome.backedOut ? "; the rollout was aborted and the release backed out" : "; the rollout stopped"}\n`;
}

/** Runs one step (or, with --all, every remaining one) and sets the exit code from the last. */
async function steps(run: DeployRun, o: StepFlags, argv: readonly string[]): Promise<void> {
  const config = configOf(run, o.env);
  const ports = await portsOf(run, config);
  const say = (line: string) => void (run.globals.json ? process.stderr : process.stdout).write(line);
  const onSoak = (step: number, until: string) => say(`soaking step ${step} until ${until}\n`);
  for (;;) {
    const outcome = await runNextStep({ environment: o.env, config, argv, wait: o.wait, who: whoOf(run), onSoak }, ports);
    say(said(outcome, o.env));
    if (outcome.kind === "failed") {
      process.exitCode = EXIT.refused;
      break;
    }
    if (outcome.kind === "ended" || (outcome.kind === "done" && outcome.complete) || !o.all) break;
  }
  if (run.globals.json) {
    const now = await currentRollout(o.env, { registry: run.registry });
    process.stdout.write(`${JSON.stringify(now?.state ?? null, null, 2)}\n`);
  }
}

function stepCommand(parent: Command, name: string, description: string): Command {
  return withRegistryOption(parent.command(name))
    .description(description)
    .argument("[command...]", "the step's command after -- when the policy names no rollout.hook (RELM_ROLLOUT_STEP, _PERCENT, _SLOT, _ACTION are set)")
    .requiredOption("--env <name>", "the environment")
    .option("--no-wait", "refuse while the previous step soaks instead of waiting")
    .option("--all", "go on through every remaining step (waiting out each soak)", false)
    .option("--actor <login>", "who rolls out (default: the CI host's user)");
}

export function registerRollout(program: Command): void {
  const rollout = program.command("rollout").description("Phased rollouts (canary, blue-green) of a published release, step by step, each step verified and recorded.");

  stepCommand(rollout, "start", "Start the rollout of a published release to an environment and run its first step.")
    .option("--version <version>", "the published version (default: the release of the checked-out commit)")
    .option("--package <name>", "the package (monorepos)")
    .option("--id <id>", "the rollout's id; the same id resumes it (default: from the pipeline in CI, else new)")
    .action(async (argv: string[], _opts: unknown, command: Command) => {
      const o = command.opts<StepFlags & { version?: string; package?: string; id?: string }>();
      const run = await deployRun(command);
      const config = configOf(run, o.env);
      const id = o.id ?? deploymentIdOf(process.env, { environment: o.env, ...(o.version ? { version: o.version } : {}), step: "rollout" });
      const started = await startRollout(
        { project: run.project, environment: o.env, ...(o.version ? { version: o.version } : {}), ...(o.package ? { package: o.package } : {}), commit: run.commit, deploymentId: id, at: new Date().toISOString(), ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline, configurationItems: run.configurationItems(o.env), config },
        { registry: run.registry },
      );
      if (!run.globals.json) process.stdout.write(`rollout ${started.state.rolloutId} of ${started.state.version} to ${o.env}: ${started.state.strategy}, ${started.state.steps.length} step(s)\n`);
      await steps(run, o, argv);
    });

  stepCommand(rollout, "next", "Run the next step of the environment's rollout (after its soak), verify it and record it.").action(async (argv: string[], _opts: unknown, command: Command) => {
    await steps(await deployRun(command), command.opts<StepFlags>(), argv);
  });

  withRegistryOption(rollout.command("status"))
    .description("Where the environment's rollout stands: its steps, the next one, the live slot.")
    .requiredOption("--env <name>", "the environment")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<{ env: string }>();
      const run = await deployRun(command);
      const now = await currentRollout(o.env, { registry: run.registry });
      const soak = configOf(run, o.env).soak;
      process.stdout.write(run.globals.json ? `${JSON.stringify(now?.state ?? null, null, 2)}\n` : rolloutStatusText(o.env, now?.state, soak));
    });

  withRegistryOption(rollout.command("abort"))
    .description("Abort the environment's rollout; with --backout, mark the release failed and move the traffic back through the hook.")
    .argument("[command...]", "the hook after -- when the policy names none (run with RELM_ROLLOUT_ACTION=backout)")
    .requiredOption("--env <name>", "the environment")
    .option("--reason <text>", "why (required)")
    .option("--backout", "also back the release out: marked failed, traffic moved back", false)
    .option("--actor <login>", "who aborts (default: the CI host's user)")
    .action(async (argv: string[], _opts: unknown, command: Command) => {
      const o = command.opts<{ env: string; reason?: string; backout: boolean }>();
      if (!o.reason?.trim()) throw new RelmError("RELM_ROLLOUT_REASON", "usage", "an abort needs a reason", { details: [{ where: "--reason", message: "missing or empty" }] });
      const run = await deployRun(command);
      const now = await currentRollout(o.env, { registry: run.registry });
      if (!now || now.state.status === "complete" || now.state.status === "aborted") throw new RelmError("RELM_ROLLOUT_NONE", "not-found", `no rollout to ${o.env} is under way${now ? ` (the last one is ${now.state.status})` : ""}`);
      const config = configOf(run, o.env);
      if (o.backout) await backOutRollout(now, { config, argv, who: whoOf(run) }, o.reason.trim(), await portsOf(run, config));
      else {
        await endRollout(now, { action: "abort", reason: o.reason.trim() }, { project: run.project, at: new Date().toISOString(), ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline }, { registry: run.registry });
      }
      process.stdout.write(`aborted the rollout ${now.state.rolloutId} of ${now.state.version} to ${o.env}${o.backout ? "; the release is marked failed" : ""}\n`);
    });
}
