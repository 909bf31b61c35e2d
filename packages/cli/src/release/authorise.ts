import { approveRelease, RelmError, type ApprovalEvidence, type ApproveResult } from "@relm/core";
import { approvalEvidenceSchema } from "@relm/core/record/release-record-schema";
import { resolve } from "node:path";
import { z } from "zod";
import type { CommandContext } from "./context.ts";
import type { TargetCandidate } from "./target-candidate.ts";
import { readJsonFile } from "../commands/registry-run.ts";

// `relm approve --json` prints { evidence, verdict, … }; a bare evidence array is accepted too. Only the
// evidence is read: a verdict in a file is never trusted.
const approvalsFile = z.union([
  z.array(approvalEvidenceSchema),
  z.looseObject({ evidence: z.array(approvalEvidenceSchema) }),
  // `relm approve --json` where no rule applies: no evidence to judge.
  z.looseObject({ required: z.literal(false) }).transform(() => ({ evidence: [] })),
]);

/** The evidence of an `--approvals` file, facts only. */
export async function evidenceOfFile(path: string, cwd: string): Promise<ApprovalEvidence[]> {
  const parsed = approvalsFile.safeParse(await readJsonFile(resolve(cwd, path), "--approvals"));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RelmError("RELM_INPUT_INVALID", "usage", "--approvals does not hold what relm expects", {
      details: [{ where: `--approvals ${issue?.path.join(".") || "(top)"}`, message: issue?.message ?? "invalid" }],
      hint: "Give the output of `relm approve --json`, or an array of approval evidence.",
    });
  }
  return Array.isArray(parsed.data) ? parsed.data : parsed.data.evidence;
}

/**
 * The CAB sign-off of the candidate, judged here and now against the committed policy: on a forge the
 * approvals are read again from the forge (a file's copy is not needed and not believed), locally they
 * are the `--approve` flags or an `--approvals` file whose every piece must name this candidate.
 * Undefined when no rule applies; a sign-off that is not valid is refused.
 */
export async function authorise(step: string, ctx: CommandContext, found: TargetCandidate, given: { approvalsFile?: string; environment?: string; approveFlags?: boolean }): Promise<ApproveResult | undefined> {
  if (!found.rule) return undefined;
  // GitHub: the reviews of this run are read again from the forge. GitLab's sign-off belongs to the
  // approve job (its player, its deployment), so a later job judges that job's evidence again, which
  // must name this candidate and is read again from GitLab by its ids; locally the file is the evidence
  // unless --approve gives it.
  if (ctx.kind === "github" && given.approvalsFile) ctx.runtime.info(`--approvals ${given.approvalsFile}: the approvals are read again from GitHub, not from the file`);
  const fromFile = ctx.kind !== "github" && given.approvalsFile !== undefined && given.approveFlags !== true;
  const environment = given.environment ?? "release";
  let handed = fromFile && given.approvalsFile ? await evidenceOfFile(given.approvalsFile, ctx.globals.cwd) : undefined;
  const readAgain = ctx.forge.approvals?.readAgain;
  if (handed && readAgain && ctx.kind !== "local") {
    // GitLab's sign-off was read by the approve job; this job asks GitLab again for each piece by its id.
    const commit = found.candidate?.candidate.commit ?? (await ctx.git.resolve("HEAD"));
    const again = await readAgain(handed, { environment, commit, ...(found.candidate ? { candidate: found.candidate.digest } : {}) });
    for (const l of again.left) ctx.runtime.info(`--approvals ${l.id}: not counted: ${l.reason}`);
    handed = again.evidence;
  }
  const result = await approveRelease(
    {
      environment,
      rule: found.rule,
      commits: found.step.commits,
      ...(found.candidate ? { candidate: found.candidate.digest } : {}),
      ...(handed ? { given: handed } : {}),
      ...(ctx.actor ? { triggeredBy: ctx.actor } : {}),
      ...(ctx.runId ? { runId: ctx.runId } : {}),
    },
    { approvals: ctx.forge.approvals ?? { approvals: async () => [] }, ...(ctx.forge.members ? { members: ctx.forge.members } : {}), clock: ctx.clock },
  );
  if (result.verdict.valid) return result;
  throw new RelmError("RELM_SIGN_OFF_INVALID", "refused", `${step}: the release candidate${found.candidate ? ` ${found.candidate.digest}` : ""} has no valid CAB sign-off, judged again now`, {
    details: [...result.verdict.ignored.map((i) => ({ where: "approval", message: `${i.message} [${i.reason}]` })), ...result.verdict.messages.map((m) => ({ message: m }))],
    hint: "Nothing was changed. Get the CAB's approval of this candidate (`relm approve`), then run this step again.",
  });
}
