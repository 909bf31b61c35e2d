import type { Command } from "commander";
import { approveRelease, recordRefusal, refusalOutcome, reportApproval, requireCandidate, type ApprovalReader } from "@relm/core";
import { commandContext, withForgeOptions } from "../release/context.ts";
import { EXIT } from "../exit-codes.ts";
import { reportToCi } from "../ci-report.ts";
import { withGateAskOptions, type GateAskFlags } from "../gate/gate-ask.ts";
import { collect } from "../collect.ts";
import { readSignedCandidate } from "../release/candidate-step.ts";
import { targetCandidate } from "../release/target-candidate.ts";
import { pipelineOf, projectOf } from "../release/project-of.ts";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";

interface ApproveOptions extends GateAskFlags {
  env?: string;
  approve: string[];
  artifact: string[];
  candidate?: string;
  record: boolean;
}

const none: ApprovalReader = { approvals: async () => [] };

export function registerApprove(program: Command): void {
  withRegistryOption(withGateAskOptions(withForgeOptions(program.command("approve"))))
    .description("Judge the approvals of the release candidate as CAB sign-off (quorum, membership, separation of duties, freshness, this candidate); exit 1 when it is not valid, and record the refusal in the registry.")
    .option("--env <name>", "the environment whose approval rule and approvals count (policy.environments.<name>)")
    .option("--approve <login>", "a CAB member's approval, given on the command line (local forge); repeat per approver", collect, [])
    .option("--actor <login>", "who runs the release (separation of duties refuses their approval)")
    .option("--candidate <file|digest>", "the release candidate put to the CAB (`relm plan --candidate FILE`, or its sha256:… digest); refused when the checkout is another one")
    .option("--artifact <file>", "an artifact built before the sign-off, part of the candidate; repeat per file", collect, [])
    .option("--no-record", "do not record a refused sign-off in the registry")
    .option("--target-ref <ref>", "the protected branch whose committed policy names the rule (default in CI: the merge request's target, else the default branch; locally: HEAD)")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<ApproveOptions>();
      const ctx = await commandContext(command);
      const found = await targetCandidate({ ...ctx, ...(ctx.forge.members ? { members: ctx.forge.members } : {}) }, o, o.artifact);
      const signed = o.candidate ? await readSignedCandidate(o.candidate, ctx.globals.cwd) : undefined;
      const candidate = found.candidate && signed ? requireCandidate("approve", signed, found.candidate) : found.candidate;
      const { rule, step } = found;
      if (!rule) {
        const text = `no approval rule applies${o.env ? ` to ${o.env}` : ""}: no sign-off is required`;
        if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ required: false, environment: o.env ?? "release", message: text, ...(candidate ? { candidate: candidate.digest } : {}) }, null, 2)}\n`);
        else ctx.runtime.info(text);
        return;
      }
      const result = await approveRelease(
        {
          environment: o.env ?? "release",
          rule,
          commits: step.commits,
          ...(candidate ? { candidate: candidate.digest } : {}),
          ...(ctx.actor ? { triggeredBy: ctx.actor } : {}),
          ...(ctx.runId ? { runId: ctx.runId } : {}),
        },
        { approvals: ctx.forge.approvals ?? none, ...(ctx.forge.members ? { members: ctx.forge.members } : {}), clock: ctx.clock },
      );
      reportToCi(ctx.env, { RELM_APPROVAL: result.verdict.valid ? "valid" : "invalid", ...(candidate ? { RELM_CANDIDATE_DIGEST: candidate.digest } : {}) });
      if (ctx.globals.json) process.stdout.write(`${JSON.stringify({ required: true, rule, ...result, valid: result.verdict.valid }, null, 2)}\n`);
      else {
        if (candidate) ctx.runtime.info(`release candidate ${candidate.digest}`);
        reportApproval(ctx.runtime, result);
      }
      if (result.verdict.valid) return;
      process.exitCode = EXIT.refused;
      if (!o.record || step.targets.length === 0) return;
      const { registry } = await openProjectRegistry(command);
      const reasons = [...result.verdict.ignored.map((i) => `${i.message} [${i.reason}]`), ...result.verdict.messages];
      const events = await recordRefusal(
        { step: "approve", outcome: refusalOutcome(result.verdict), reasons, plan: step, ...(candidate ? { candidate } : {}), approval: result, ...(o.env ? { environment: o.env } : {}) },
        { project: projectOf(ctx), at: ctx.clock.now().toISOString(), ...(ctx.actor ? { actor: ctx.actor } : {}), pipeline: pipelineOf(ctx.env) },
        { registry },
      );
      for (const e of events) if (e.created) ctx.runtime.warning(`recorded the refusal in the registry: ${e.where}`);
    });
}
