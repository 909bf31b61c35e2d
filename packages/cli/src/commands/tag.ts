import type { Command } from "commander";
import { reportTag, requireCandidate, tagRelease } from "@relm/core";
import { commandContext, withForgeOptions } from "../release/context.ts";
import { tagPorts } from "../release/release-steps.ts";
import { reportToCi } from "../ci-report.ts";
import { withGateAskOptions, type GateAskFlags } from "../gate/gate-ask.ts";
import { collect } from "../collect.ts";
import { authorise } from "../release/authorise.ts";
import { readSignedCandidate } from "../release/candidate-step.ts";
import { targetCandidate } from "../release/target-candidate.ts";
import { markTaggedPulls } from "@relm/core/usecases/tagged-pulls";

interface TagOptions extends GateAskFlags {
  draft?: boolean;
  dryRun?: boolean;
  env?: string;
  approve: string[];
  approvals?: string;
  candidate?: string;
  artifact: string[];
}

export function registerTag(program: Command): void {
  withGateAskOptions(withForgeOptions(program.command("tag")))
    .description("Tag the signed-off release: an annotated tag per package, the forge release with the notes (locally .relm/releases/<tag>.md) and the changelog. Refuses without a valid CAB sign-off of this candidate. Safe to re-run.")
    .option("--env <name>", "the environment whose approval rule applies (policy.environments.<name>)")
    .option("--approve <login>", "a CAB member's approval, given on the command line (local forge); repeat per approver", collect, [])
    .option("--approvals <file>", "locally: the approvals `relm approve --json` wrote; judged again, never trusted")
    .option("--actor <login>", "who runs the release (separation of duties refuses their approval)")
    .option("--candidate <file|digest>", "the release candidate the CAB signed; refused when the checkout is another one")
    .option("--artifact <file>", "an artifact built before the sign-off, part of the candidate; repeat per file", collect, [])
    .option("--target-ref <ref>", "the protected branch whose committed policy names the rule")
    .option("--draft", "create the forge release as a draft")
    .option("--dry-run", "say what would be tagged; change nothing")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<TagOptions>();
      const ctx = await commandContext(command);
      // Planned without the tags already on HEAD: a re-run completes the same release instead of finding nothing.
      const found = await targetCandidate({ ...ctx, ...(ctx.forge.members ? { members: ctx.forge.members } : {}) }, o, o.artifact);
      const { plan, step } = found;
      if (step.targets.length === 0 || !found.candidate) {
        if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ released: false, reason: plan.reason ?? "no release needed", outcomes: [] }, null, 2)}\n`);
        else ctx.runtime.info(`nothing to tag: ${plan.reason ?? "no release needed"}`);
        return;
      }
      if (o.candidate) requireCandidate("tag", await readSignedCandidate(o.candidate, ctx.globals.cwd), found.candidate);
      if (o.dryRun !== true) await authorise("tag", ctx, found, { ...(o.approvals ? { approvalsFile: o.approvals } : {}), ...(o.env ? { environment: o.env } : {}), approveFlags: o.approve.length > 0 });
      const result = await tagRelease({ targets: step.targets, dryRun: o.dryRun === true, ...(o.draft ? { draft: true } : {}) }, tagPorts(ctx, () => plan));
      // Last and best effort: the release PR this came from is marked; a failure only warns.
      if (!result.dryRun && ctx.forge.taggedPulls) await markTaggedPulls({ pulls: ctx.forge.taggedPulls, runtime: ctx.runtime }, result.outcomes.map((t) => t.commit));
      const first = result.outcomes[0];
      reportToCi(ctx.env, { ...(first ? { RELM_VERSION: first.version, RELM_TAG: first.tag } : {}), RELM_CANDIDATE_DIGEST: found.candidate.digest });
      if (ctx.globals.json) {
        process.stdout.write(`${JSON.stringify({ released: true, candidate: found.candidate.digest, ...result }, null, 2)}\n`);
        return;
      }
      reportTag(ctx.runtime, result);
    });
}
