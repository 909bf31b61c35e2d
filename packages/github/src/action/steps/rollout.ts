// relm rollout as a step: start (or resume) the environment's rollout and run its steps.
import { RelmError } from "@relm/core";
import { rolloutSchema } from "@relm/core/rollout/rollout-schema";
import { currentRollout, endRollout, startRollout } from "@relm/core/usecases/rollout";
import { runNextStep, type RolloutPorts, type StepOutcome } from "@relm/core/usecases/rollout-step";
import { deploymentIdOf, stepVerifier, timerWaiter } from "@relm/deploy";
import { input, readSettings } from "../inputs.ts";
import { escapeMarkdown, table } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";
import { commandOf, deployContext } from "./deploy-context.ts";

const inputs = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  environment: input.required("the environment rolled out to"),
  version: input.text(""),
  run: input.text(""),
  id: input.text(""),
  rollout: input.oneOf(["all", "start", "next", "abort"], "all"),
  reason: input.text(""),
  wait: input.boolean(true),
};

const line = (o: StepOutcome): string =>
  o.kind === "ended" ? `the rollout is ${o.status}` : o.kind === "done" ? `step ${o.step.index} success${o.complete ? "; complete" : ""}` : `step ${o.step.index} failure: ${o.reason}${o.backedOut ? "; backed out" : "; stopped"}`;

/** The `rollout` step: all (start or resume, then every step), start, next, or abort. */
export async function rolloutStep(ctx: ActionContext): Promise<void> {
  const s = readSettings(inputs, ctx.env);
  const d = await deployContext(ctx, { ...s, mirror: false });
  const config = d.project.config.policy?.environments[s.environment]?.rollout ?? rolloutSchema.parse({});
  const ports: RolloutPorts = { registry: d.registry, hooks: d.hooks, verifier: stepVerifier(d.project.cwd, d.forge.checks ? { checks: d.forge.checks } : {}), clock: d.clock, waiter: timerWaiter };
  const argv = commandOf(s.run);
  if (s.rollout === "abort") {
    if (!s.reason.trim()) throw new RelmError("RELM_ROLLOUT_REASON", "usage", "an abort needs a reason", { details: [{ where: "input reason", message: "empty" }] });
    const now = await currentRollout(s.environment, ports);
    if (!now || now.state.status === "complete" || now.state.status === "aborted") throw new RelmError("RELM_ROLLOUT_NONE", "not-found", `no rollout to ${s.environment} is under way`);
    await endRollout(now, { action: "abort", reason: s.reason }, { ...d.who, at: d.clock.now().toISOString() }, ports);
    ctx.runtime.info(`aborted the rollout ${now.state.rolloutId} of ${now.state.version}`);
    return;
  }
  if (s.rollout !== "next") {
    const id = s.id || deploymentIdOf(ctx.env, { environment: s.environment, ...(s.version ? { version: s.version } : {}), step: "rollout" });
    await startRollout({ ...d.who, environment: s.environment, ...(s.version ? { version: s.version } : {}), commit: d.commit, deploymentId: id, at: d.clock.now().toISOString(), config, configurationItems: d.project.config.policy?.environments[s.environment]?.configurationItems ?? [] }, ports);
  }
  const outcomes: StepOutcome[] = [];
  for (;;) {
    const outcome = await runNextStep({ environment: s.environment, config, argv, wait: s.wait, who: d.who, onSoak: (step, until) => ctx.runtime.info(`soaking step ${step} until ${until}`) }, ports);
    outcomes.push(outcome);
    ctx.runtime.info(line(outcome));
    if (outcome.kind !== "done" || outcome.complete || s.rollout !== "all") break;
  }
  const now = await currentRollout(s.environment, ports);
  ctx.runtime.setOutput("rollout-id", now?.state.rolloutId ?? "");
  ctx.runtime.setOutput("status", now?.state.status ?? "");
  const rows = (now?.state.steps ?? []).map((st) => {
    const done = now?.state.done.find((x) => x.step.index === st.index);
    return [String(st.index), st.percentage !== undefined ? `${st.percentage}%` : escapeMarkdown(`${st.action} ${st.slot ?? ""}`), done ? `done ${done.at}` : now?.state.failure?.step === st.index ? `failed: ${escapeMarkdown(now.state.failure.reason)}` : "waiting"];
  });
  ctx.runtime.summary([`## relm rollout to ${escapeMarkdown(s.environment)}`, "", `Rollout \`${escapeMarkdown(now?.state.rolloutId ?? "")}\` of **${escapeMarkdown(now?.state.version ?? "")}** (${now?.state.strategy ?? ""}): ${now?.state.status ?? ""}`, "", table(["step", "what", "outcome"], rows), ""].join("\n"));
  const last = outcomes.at(-1);
  if (last?.kind === "failed") throw new RelmError("RELM_ROLLOUT_STEP_FAILED", "refused", `rollout step ${last.step.index} to ${s.environment} failed: ${last.reason}${last.backedOut ? "; the release was backed out" : ""}`);
}

