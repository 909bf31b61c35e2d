import type { Command } from "commander";
import { requireCandidate, type ApproveResult, type ReleaseFacts, type SignedCandidate } from "@relm/core";
import { commandContext } from "./context.ts";
import { authorise } from "./authorise.ts";
import { candidateDigest } from "@relm/core";
import { readSignedCandidate } from "./candidate-step.ts";
import { evidenceOfFile } from "./authorise.ts";
import { targetCandidate } from "./target-candidate.ts";
import type { GateAskFlags } from "../gate/gate-ask.ts";

export interface PublishAuthorisationOptions extends GateAskFlags {
  env?: string;
  approve?: string[];
  approvals?: string;
  candidate?: string;
  dir?: string;
}

type Json = NonNullable<ReleaseFacts["plan"]>;
const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value ?? null)) as Json;

/**
 * What publish records of the authorisation, judged by publish itself: the candidate computed again
 * from the checkout and the published files (refused when it is not the signed one), and the CAB
 * sign-off re-judged against the committed policy (refused when not valid). A verdict in a file is
 * never copied into the record.
 */
export async function publishAuthorisation(command: Command, o: PublishAuthorisationOptions, files: readonly string[]): Promise<Pick<ReleaseFacts, "approval" | "candidate">> {
  const ctx = await commandContext(command);
  const found = await targetCandidate({ ...ctx, ...(ctx.forge.members ? { members: ctx.forge.members } : {}) }, o, files, o.dir ?? ctx.globals.cwd);
  let candidate: SignedCandidate | undefined = found.candidate;
  if (candidate) {
    // The CAB signed the candidate with the artifacts when they were built before the sign-off, and
    // without them when they are built after it: the signed one (or the approvals) says which.
    const signed = o.candidate ? await readSignedCandidate(o.candidate, ctx.globals.cwd) : await signedOfEvidence(o.approvals, candidate, ctx.globals.cwd);
    candidate = requireCandidate("publish", signed, candidate);
  }
  const approval: ApproveResult | undefined = await authorise("publish", ctx, { ...found, candidate }, {
    ...(o.approvals ? { approvalsFile: o.approvals } : {}),
    ...(o.env ? { environment: o.env } : {}),
    approveFlags: (o.approve ?? []).length > 0,
  });
  return {
    ...(approval ? { approval: { valid: true, verdict: toJson(approval.verdict), evidence: approval.evidence, assurance: ctx.kind === "local" ? "local" : "forge" } } : {}),
    ...(candidate ? { candidate: { digest: candidate.digest, value: toJson(candidate.candidate) } } : {}),
  };
}

/** Without --candidate: the variant of the candidate the approvals name (with the files, or without them). */
async function signedOfEvidence(approvals: string | undefined, now: SignedCandidate, cwd: string): Promise<{ digest: string }> {
  const withoutArtifacts = candidateDigest({ ...now.candidate, artifacts: [] });
  if (approvals === undefined) return { digest: withoutArtifacts };
  const named = new Set((await evidenceOfFile(approvals, cwd)).map((e) => e.candidate));
  return { digest: named.has(now.digest) ? now.digest : withoutArtifacts };
}
