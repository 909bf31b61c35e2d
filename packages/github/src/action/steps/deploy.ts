// relm deploy and relm backout as steps: the deployment checked, recorded, run and mirrored.
import { RelmError } from "@relm/core";
import { recordKey } from "@relm/core/record/release-record-schema";
import { planBackout, recordBackout } from "@relm/core/usecases/backout";
import { startDeployment, type DeploymentStart } from "@relm/core/usecases/deploy";
import { runDeployment, type Deployed } from "@relm/core/usecases/deploy-run";
import { deploymentIdOf } from "@relm/deploy";
import { input, readSettings } from "../inputs.ts";
import { escapeMarkdown } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";
import { commandOf, deployContext, type DeployContext } from "./deploy-context.ts";

const common = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  environment: input.required("the environment deployed to"),
  run: input.text(""),
  id: input.text(""),
  mirror: input.boolean(true),
};

const deployInputs = { ...common, version: input.text(""), status: input.optionalOneOf(["success", "failure"]), "allow-failed": input.boolean(false) };
const backoutInputs = { ...common, reason: input.required("why the release is backed out"), to: input.text("") };

async function start(d: DeployContext, env: NodeJS.ProcessEnv, ask: { environment: string; version?: string; id: string; allowFailed?: boolean; message?: string }): Promise<DeploymentStart> {
  return startDeployment(
    {
      ...d.who,
      environment: ask.environment,
      ...(ask.version ? { version: ask.version } : {}),
      commit: d.commit,
      deploymentId: ask.id || deploymentIdOf(env, { environment: ask.environment, ...(ask.version ? { version: ask.version } : {}) }),
      at: d.clock.now().toISOString(),
      configurationItems: d.project.config.policy?.environments[ask.environment]?.configurationItems ?? [],
      ...(ask.allowFailed ? { allowFailed: true } : {}),
      ...(ask.message ? { message: ask.message } : {}),
    },
    { registry: d.registry },
  );
}

function report(ctx: ActionContext, d: DeployContext, done: Deployed, title: string, extra: string[] = []): void {
  const { runtime } = ctx;
  const what = recordKey(done.start.release);
  runtime.info(`deployment ${done.start.deploymentId} of ${what}: ${done.status} (${done.how}${done.resumed ? ", resumed" : ""})`);
  runtime.setOutput("deployment-id", done.start.deploymentId);
  runtime.setOutput("version", done.start.release.version);
  runtime.setOutput("status", done.status);
  runtime.summary([`## ${title}`, "", ...extra, `Deployment \`${escapeMarkdown(done.start.deploymentId)}\` of **${escapeMarkdown(what)}**: ${done.status} (${escapeMarkdown(done.how)}), recorded in \`${escapeMarkdown(d.registry.location)}\`${done.forge?.url ? `, mirrored as ${escapeMarkdown(done.forge.url)}` : ""}.`, ""].join("\n"));
  if (done.status === "failure") throw new RelmError("RELM_DEPLOY_FAILED", "refused", `the deployment of ${what} failed (${done.how}); the failure is recorded`);
}

/** The `deploy` step: the root action's `step: deploy`. */
export async function deployStep(ctx: ActionContext): Promise<void> {
  const s = readSettings(deployInputs, ctx.env);
  const d = await deployContext(ctx, s);
  const started = await start(d, ctx.env, { environment: s.environment, ...(s.version ? { version: s.version } : {}), id: s.id, allowFailed: s["allow-failed"] });
  const by = s.status ? { status: s.status } : { argv: commandOf(s.run) };
  const done = await runDeployment(started, by, { registry: d.registry, hooks: d.hooks, clock: d.clock, ...(d.mirror ? { mirror: d.mirror } : {}) }, d.who);
  report(ctx, d, done, "relm deploy");
}

/** The `backout` step: the release marked failed, the previous good one deployed. */
export async function backoutStep(ctx: ActionContext): Promise<void> {
  const s = readSettings(backoutInputs, ctx.env);
  const d = await deployContext(ctx, s);
  const plan = await planBackout({ environment: s.environment, ...(s.to ? { to: s.to } : {}) }, { registry: d.registry });
  const id = s.id || plan.pending?.deploymentId || deploymentIdOf(ctx.env, { environment: s.environment, version: plan.target.version, step: "backout" });
  const marked = await recordBackout(plan, { ...d.who, environment: s.environment, reason: s.reason, deploymentId: id, at: d.clock.now().toISOString() }, { registry: d.registry });
  const started = await start(d, ctx.env, { environment: s.environment, version: plan.target.version, id, message: `back-out of ${recordKey(plan.current)}: ${s.reason}` });
  const done = await runDeployment(started, { argv: commandOf(s.run) }, { registry: d.registry, hooks: d.hooks, clock: d.clock, ...(d.mirror ? { mirror: d.mirror } : {}) }, d.who);
  ctx.runtime.setOutput("failed", recordKey(plan.current));
  report(ctx, d, done, "relm backout", [`**${escapeMarkdown(recordKey(plan.current))}** is backed out of ${escapeMarkdown(s.environment)} and marked failed (${marked.created ? "recorded" : "recorded before"}): ${escapeMarkdown(s.reason)}`, ""]);
}
