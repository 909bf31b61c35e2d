import type { Command } from "commander";
import { release, type ApprovalReader, type ReleaseRunResult } from "@relm/core";
import { commandContext, withForgeOptions } from "../release/context.ts";
import { releaseSteps, tagPorts } from "../release/release-steps.ts";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";
import { reportToCi } from "../ci-report.ts";
import { EXIT } from "../exit-codes.ts";
import { gateAsk, withGateAskOptions, type GateAskFlags } from "../gate/gate-ask.ts";
import { collect } from "../collect.ts";
import { readSignedCandidate } from "../release/candidate-step.ts";
import { markTaggedPulls } from "@relm/core/usecases/tagged-pulls";

interface ReleaseOptions extends GateAskFlags {
  env?: string;
  approve: string[];
  artifact: string[];
  dryRun?: boolean;
  candidate?: string;
}

const none: ApprovalReader = { approvals: async () => [] };

/** The last line: what happened, in one sentence. */
export function outcomeLine(result: ReleaseRunResult): string {
  const versions = (result.plan?.targets ?? []).map((t) => (t.package ? `${t.package} ${t.version}` : t.version)).join(", ");
  switch (result.status) {
    case "released":
      return `released ${versions}${result.resumed ? " (finished the release an earlier run started)" : ""}`;
    case "nothing-to-release":
      return `nothing to release: ${result.reasons.join("; ")}`;
    case "dry-run":
      return `dry run: would release ${versions}${result.reasons.length > 0 ? `, but the sign-off is not valid yet (${result.reasons.join("; ")})` : ""}`;
    case "refused":
      return `release refused at ${result.refusedAt ?? "?"}: ${result.reasons.join("; ")}`;
  }
}

export function registerRelease(program: Command): void {
  withGateAskOptions(withRegistryOption(withForgeOptions(program.command("release"))))
    .description("Run the whole release in order: gate, plan, approve, tag, publish. Nothing is tagged or published before the CAB signs the release candidate; stops at the first step that refuses; re-run after a crash to finish.")
    .option("--env <name>", "environment to gate and approve for (policy.environments.<name>)")
    .option("--approve <login>", "a CAB member's approval, given on the command line (local forge); repeat per approver", collect, [])
    .option("--actor <login>", "who runs the release (separation of duties refuses their approval)")
    .option("--artifact <file>", "a file to publish with the release, relative to --cwd; repeat per file (in a monorepo, a file inside a package directory goes into that package's record only)", collect, [])
    .option("--target-ref <ref>", "the protected branch whose committed policy judges the release (default in CI: the merge request's target, else the default branch; locally: HEAD)")
    .option("--candidate <file|digest>", "the release candidate the CAB was asked to sign (`relm plan --candidate FILE`, or its sha256:… digest); any other is refused")
    .option("--dry-run", "gate, plan and judge the approvals, but tag and publish nothing")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<ReleaseOptions>();
      const ctx = await commandContext(command);
      const ask = await gateAsk(ctx.git, ctx.env, o, "HEAD");
      const { registry } = await openProjectRegistry(command);
      const signed = o.candidate ? await readSignedCandidate(o.candidate, ctx.globals.cwd) : undefined;
      const steps = releaseSteps(ctx, { artifacts: o.artifact, registry, ask, ...(o.env ? { environment: o.env } : {}) });
      const result = await release(
        {
          ...(o.env ? { environment: o.env } : {}),
          ...(ctx.actor ? { triggeredBy: ctx.actor } : {}),
          ...(ctx.runId ? { runId: ctx.runId } : {}),
          dryRun: o.dryRun === true,
          ...(signed ? { signed } : {}),
        },
        {
          steps,
          tags: tagPorts(ctx, steps.planned),
          approvals: ctx.forge.approvals ?? none,
          ...(ctx.forge.members ? { members: ctx.forge.members } : {}),
          clock: ctx.clock,
          runtime: ctx.runtime,
        },
      );
      // Last and best effort: the release PR this came from is marked; a failure only warns.
      if (result.status === "released" && ctx.forge.taggedPulls) await markTaggedPulls({ pulls: ctx.forge.taggedPulls, runtime: ctx.runtime }, (result.tag?.outcomes ?? []).map((t) => t.commit));
      const first = result.plan?.targets[0];
      const record = result.records?.[0];
      reportToCi(ctx.env, {
        ...(first ? { RELM_VERSION: first.version, RELM_TAG: first.tag } : {}),
        ...(result.gate ? { RELM_DECISION: result.gate.allowed ? "allowed" : "denied" } : {}),
        ...(record ? { RELM_RECORD_DIGEST: record.digest } : {}),
        ...(result.candidate ? { RELM_CANDIDATE_DIGEST: result.candidate.digest } : {}),
      });
      if (ctx.globals.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else ctx.runtime.info(outcomeLine(result));
      if (result.status === "refused") process.exitCode = EXIT.refused;
    });
}
