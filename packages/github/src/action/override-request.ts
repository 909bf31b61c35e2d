import { RelmError, type GateRequest } from "@relm/core";
import type { GitHubRunContext } from "../context.ts";
import { input } from "./inputs.ts";
import type { RunRefs } from "./refs.ts";

/** The break-glass inputs of the gate (and of the release, which gates first). */
export const overrideInputs = {
  "override-reason": input.text(""),
  "override-rules": input.text(""),
};

export interface OverrideSettings {
  "override-reason": string;
  "override-rules": string;
}

function invalid(name: string, message: string): RelmError {
  return new RelmError("RELM_ACTION_INPUT", "usage", `invalid input ${name}`, { details: [{ where: `input ${name}`, message }] });
}

/**
 * The run's break-glass request. Whoever triggered the run asks: through the inputs (a reason and the
 * rules to lift, e.g. from a workflow_dispatch form), else through the policy's label on the pull
 * request, whose description names the rules and reason. The policy decides whether that person and
 * that channel may; a half-given input is an error rather than a request quietly not made.
 */
export function overrideRequestOf(s: OverrideSettings, run: GitHubRunContext, refs: RunRefs): Pick<GateRequest, "override" | "labelOverride"> {
  const by = run.triggeringActor ?? run.actor;
  const reason = s["override-reason"].trim();
  const rules = s["override-rules"].split(/[\s,]+/).filter(Boolean);
  if (reason !== "" || rules.length > 0) {
    if (reason === "") throw invalid("override-reason", "an override needs a reason (override-rules was given)");
    if (rules.length === 0) throw invalid("override-rules", "name the rules the override lifts, e.g. freeze (override-reason was given)");
    if (!by) throw invalid("override-reason", "GITHUB_TRIGGERING_ACTOR and GITHUB_ACTOR are not set: nobody to record as asking");
    return { override: { by, via: "input", reason, rules } };
  }
  if (!by || !refs.labels) return {};
  return { labelOverride: { by, ...(refs.description ? { description: refs.description } : {}) } };
}
