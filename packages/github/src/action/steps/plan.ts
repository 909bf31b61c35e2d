// relm plan: next version and release notes. Reads only, so a read-only token is enough.
import { planToJson, runGate, systemClock } from "@relm/core";
import { input, readSettings } from "../inputs.ts";
import { planCandidate } from "../plan-candidate.ts";
import { versionOutputs } from "../plan-facts.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { runRefs } from "../refs.ts";
import { planSummary } from "../summary.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.text(),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
};

/** The `plan` step: what actions/plan runs, and the root action for `step: plan`. */
export async function planStep({ env, runtime, run }: ActionContext): Promise<void> {
  const settings = readSettings(inputs, env);
  if (settings.token) runtime.mask(settings.token);
  const project = await openProject(run, settings);
  const plan = await planProject(project, run, stepLogins(settings.token, run, env));
  const { version, tag, bump } = versionOutputs(plan);
  runtime.setOutput("version", version);
  runtime.setOutput("tag", tag);
  runtime.setOutput("bump", bump);
  runtime.setOutput("released", String(plan.released));
  runtime.setOutput("notes", plan.packages.filter((p) => p.released).map((p) => p.notes).join("\n"));
  runtime.setOutput("plan", planToJson(plan));
  // The digest the CAB will be asked to sign: approve, tag and publish compute it again and refuse another.
  const refs = await runRefs(run, env, project.git);
  // The gate only names the policy the candidate carries; a plan that releases nothing needs no gate.
  const decision = plan.released ? (await runGate({ git: project.git, clock: systemClock }, { targetRef: refs.targetRef, configPath: settings.config, plan })).decision : undefined;
  const candidate = await planCandidate(project, plan, decision, { repository: run.repository });
  runtime.setOutput("candidate-digest", candidate?.digest ?? "");
  runtime.info(plan.released ? `next release: ${tag} (${bump})` : `no release needed: ${plan.reason ?? "nothing to release"}`);
  if (candidate) runtime.info(`release candidate: ${candidate.digest}`);
  runtime.summary(`${planSummary(plan)}${candidate ? `\nRelease candidate: \`${candidate.digest}\` (the digest the CAB signs; approve, tag and publish refuse any other).\n` : ""}`);
}
