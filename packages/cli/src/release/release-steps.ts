import { approvalRuleFor, changelogHasVersion, defaultConfig, recordRefusal, updateChangelog, type PlanStepResult, type Registry, type ReleasePlan, type ReleaseSteps, type TagPorts } from "@relm/core";
import { artifactsFromFiles } from "@relm/registry";
import { artifactsOfPackage } from "./package-artifacts.ts";
import type { CommandContext } from "./context.ts";
import { gateStep } from "./gate-step.ts";
import { planStepOf, planWith, unfinishedPlan } from "./plan-step.ts";
import { isPublished, publishStep } from "./publish-step.ts";
import { workTreeFile } from "../local-forge/index.ts";
import type { GateAsk } from "../gate/gate-ask.ts";
import { candidateOf } from "./candidate-step.ts";
import { pipelineOf, projectOf, repositoryOf } from "./project-of.ts";

export { pipelineOf, projectOf };

export interface ReleaseStepOptions {
  environment?: string;
  artifacts: readonly string[];
  registry: Registry;
  /** How the run asks the gate (gateAsk): the ref whose committed policy judges the release, labels, break glass. */
  ask: GateAsk;
}

/**
 * The gate, plan and publish use cases bound to this run's adapters. The plan is made once, before
 * the gate (risk classes read it), and an unfinished release is looked for first, so that a re-run
 * after a crash plans the release it is finishing.
 */
export function releaseSteps(ctx: CommandContext, options: ReleaseStepOptions): ReleaseSteps & { planned(): ReleasePlan | undefined } {
  const project = projectOf(ctx);
  const planCtx = { git: ctx.git, root: ctx.root, config: ctx.loaded.config, ...(ctx.authors ? { authors: ctx.authors } : {}) };
  let unfinished: Promise<{ plan: ReleasePlan; step: PlanStepResult } | undefined> | undefined;
  let fresh: Promise<{ plan: ReleasePlan; step: PlanStepResult }> | undefined;
  const findUnfinished = () => (unfinished ??= unfinishedPlan(planCtx, (t) => isPublished(options.registry, project, t)));
  const planFresh = () =>
    (fresh ??= planWith(planCtx).then(async (plan) => ({ plan, step: await planStepOf(ctx.git, plan) })));
  const current = async () => (await findUnfinished()) ?? (await planFresh());
  let planned: ReleasePlan | undefined;

  return {
    planned: () => planned,
    async gate() {
      const { plan } = await current();
      const { decision, config, step } = await gateStep(
        {
          git: ctx.git,
          forge: ctx.forge,
          clock: ctx.clock,
          ask: options.ask,
          ...(ctx.globals.config ? { configPath: ctx.globals.config } : {}),
          ...(options.environment ? { environment: options.environment } : {}),
        },
        plan,
      );
      // The CAB rule comes from the same policy that judged the gate: the committed one.
      const rule = approvalRuleFor(config.config, options.environment, decision);
      const reasons = [...step.reasons];
      // A policy only in the working tree judges nothing: say so, or a newcomer wonders where the sign-off went.
      if (decision.policy.found === false && ctx.loaded.source.file !== defaultConfig().source.file) {
        reasons.push(`note: ${decision.policy.file} is not committed at ${decision.policy.ref ?? "the target ref"}, so the embedded defaults judged this release; commit it`);
      } else if (decision.policy.changedByRelease) {
        reasons.push(`note: this release changes ${decision.policy.file}; the committed policy at ${decision.policy.ref ?? "the target ref"} judged it`);
      }
      return { ...step, reasons, ...(rule ? { approvalRule: rule } : {}) };
    },
    async unfinished() {
      const found = await findUnfinished();
      if (found) planned = found.plan;
      return found?.step;
    },
    async plan() {
      const made = await planFresh();
      planned = made.plan;
      return made.step;
    },
    candidate: (plan, gate) => candidateOf(ctx, plan, gate, options.artifacts),
    async refused(refusal) {
      const events = await recordRefusal(
        refusal,
        { project, at: ctx.clock.now().toISOString(), ...(ctx.actor ? { actor: ctx.actor } : {}), pipeline: pipelineOf(ctx.env) },
        { registry: options.registry },
      );
      for (const e of events) if (e.created) ctx.runtime.info(`recorded the refusal in the registry: ${e.where} (${e.digest})`);
    },
    publish: (input) =>
      publishStep(
        {
          registry: options.registry,
          project,
          artifacts: (packagePath, packagePaths) =>
            artifactsFromFiles(
              ctx.globals.cwd,
              artifactsOfPackage({ root: ctx.root, cwd: ctx.globals.cwd, files: options.artifacts, packagePath, packagePaths }),
            ),
          clock: ctx.clock,
          pipeline: pipelineOf(ctx.env),
          repository: repositoryOf(ctx.env),
          assurance: ctx.kind === "local" ? "local" : "forge",
        },
        input,
      ),
  };
}

/** Tag ports: the forge's tags and releases, and locally the changelog file in the working tree. */
export function tagPorts(ctx: CommandContext, plan: () => ReleasePlan | undefined): TagPorts {
  const changelog = ctx.loaded.config.changelog;
  return {
    tags: ctx.forge.tags,
    releases: ctx.forge.releases,
    ...(ctx.kind === "local" && changelog !== false
      ? {
          changelog: (target) => {
            const p = plan()?.packages.find((pkg) => pkg.next?.tag === target.tag);
            const path = p?.changelogFile;
            if (!path) return undefined;
            return {
              file: workTreeFile(ctx.root, path),
              update: (existing) => (existing !== undefined && changelogHasVersion(existing, target.version) ? existing : updateChangelog(existing ?? "", target.notes, target.version)),
            };
          },
        }
      : {}),
  };
}
