import { z } from "zod";
import { approvalEvidenceSchema, RelmError, type ApprovalEvidence, type ApproveResult, type ReleaseFacts } from "@relm/core";

type RecordApproval = NonNullable<ReleaseFacts["approval"]>;

// The record's own evidence fields; unknown ones in the output (reason, counted) are dropped, not refused.
const evidence = z.object(approvalEvidenceSchema.shape);

const approveOutput = z.object({
  valid: z.boolean(),
  counted: z.array(evidence.loose()).default([]),
  rejections: z.array(evidence.loose()).default([]),
  ignored: z.array(evidence.loose()).default([]),
}).loose();

/** The `approvals` output (approve, and the root action's release): the verdict with its evidence, as JSON. */
export function approvalsOutput(result: ApproveResult, version: string): string {
  const { verdict } = result;
  return JSON.stringify({ environment: result.environment, valid: verdict.valid, quorum: verdict.quorum, counted: verdict.counted, rejections: verdict.rejections, ignored: verdict.ignored, judgedAt: result.judgedAt, version });
}

/** The `approvals` output of relm approve, as the release record's sign-off; empty means none was given. */
export function approvalForRecord(text: string): RecordApproval | undefined {
  if (text.trim() === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = approveOutput.safeParse(json);
  if (!parsed.success) {
    throw new RelmError("RELM_ACTION_INPUT", "usage", "invalid input approvals", {
      details: [{ where: "input approvals", message: "expected the approvals output of relm approve (JSON)" }],
    });
  }
  const pick = (e: z.infer<typeof evidence>): ApprovalEvidence => evidence.parse(e);
  const all = [...parsed.data.counted, ...parsed.data.rejections, ...parsed.data.ignored].map(pick);
  // The verdict is kept as the JSON it came as (parsed from text, so it is JSON by construction).
  return { valid: parsed.data.valid, verdict: json as RecordApproval["verdict"], evidence: all };
}
