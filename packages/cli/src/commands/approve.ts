import type { Command } from "commander";
import { approvalRuleFor, approveRelease, reportApproval, runGate, type ApprovalReader } from "@relm/core";
import { commandContext, withForgeOptions } from "../release/context.ts";
import { releaseOfTarget } from "../release/plan-step.ts";
import { EXIT } from "../exit-codes.ts";
import { reportToCi } from "../ci-report.ts";
import { gateAsk, withGateAskOptions, type GateAskFlags } from "../gate/gate-ask.ts";
import { collect } from "../collect.ts";

interface ApproveOptions extends GateAskFlags {
  env?: string;
  approve: string[];
}

const none: ApprovalReader = { approvals: async () => [] };

export function registerApprove(program: Command): void {
  withGateAskOptions(withForgeOptions(program.command("approve")))
    .description("Judge the approvals of the release as CAB sign-off (quorum, membership, separation of duties, freshness); exit 1 when it is not valid.")
    .option("--env <name>", "the environment whose approval rule and approvals count (policy.environments.<name>)")
    .option("--approve <login>", "a CAB member's approval, given on the command line (local forge); repeat per approver", collect, [])
    .option("--actor <login>", "who runs the release (separation of duties refuses their approval)")
    .option("--target-ref <ref>", "the protected branch whose committed policy names the rule (default in CI: the merge request's target, else the default branch; locally: HEAD)")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<ApproveOptions>();
      const ctx = await commandContext(command);
      const { plan, step } = await releaseOfTarget({ git: ctx.git, root: ctx.root, config: ctx.loaded.config });
      // The rule comes from the committed policy, raised by the release's risk class (or the override's),
      // as the gate decides it: asked the same way, with the same labels and break-glass request.
      const ask = await gateAsk(ctx.git, ctx.env, o, "HEAD");
      const { decision, config } = await runGate(
        { git: ctx.git, clock: ctx.clock, ...(ctx.forge.members ? { members: ctx.forge.members } : {}) },
        { ...ask, plan, ...(o.env ? { environment: o.env } : {}), ...(ctx.globals.config ? { configPath: ctx.globals.config } : {}) },
      );
      const rule = approvalRuleFor(config.config, o.env, decision);
      if (!rule) {
        const text = `no approval rule applies${o.env ? ` to ${o.env}` : ""}: no sign-off is required`;
        if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ required: false, environment: o.env ?? "release", message: text }, null, 2)}\n`);
        else ctx.runtime.info(text);
        return;
      }
      const result = await approveRelease(
        {
          environment: o.env ?? "release",
          rule,
          commits: step.commits,
          ...(ctx.actor ? { triggeredBy: ctx.actor } : {}),
          ...(ctx.runId ? { runId: ctx.runId } : {}),
        },
        { approvals: ctx.forge.approvals ?? none, ...(ctx.forge.members ? { members: ctx.forge.members } : {}), clock: ctx.clock },
      );
      reportToCi(ctx.env, { RELM_APPROVAL: result.verdict.valid ? "valid" : "invalid" });
      if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ required: true, rule, ...result, valid: result.verdict.valid }, null, 2)}\n`);
      else reportApproval(ctx.runtime, result);
      if (!result.verdict.valid) process.exitCode = EXIT.refused;
    });
}
