import { RelmError, type ApproveResult } from "@relm/core";

/** The `approvals` output (approve, and the root action's release): the verdict with its evidence, as JSON. */
export function approvalsOutput(result: ApproveResult, version: string): string {
  const { verdict } = result;
  return JSON.stringify({ environment: result.environment, valid: verdict.valid, quorum: verdict.quorum, counted: verdict.counted, rejections: verdict.rejections, ignored: verdict.ignored, judgedAt: result.judgedAt, version });
}

/** The environment the `approvals` output was judged for; undefined when it names none; not JSON is refused. */
export function environmentOf(text: string): string | undefined {
  if (text.trim() === "") return undefined;
  try {
    const json: unknown = JSON.parse(text);
    const environment = typeof json === "object" && json !== null && "environment" in json ? json.environment : undefined;
    return typeof environment === "string" && environment !== "" ? environment : undefined;
  } catch {
    throw new RelmError("RELM_ACTION_INPUT", "usage", "invalid input approvals", { details: [{ where: "input approvals", message: "expected the approvals output of relm approve (JSON)" }] });
  }
}
