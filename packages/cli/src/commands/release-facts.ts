import { pipelineOf } from "../release/project-of.ts";
import { basename } from "node:path";
import type { ReleaseFacts, ReleasePlan } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { z } from "zod";

export interface FactsOptions {
  package?: string;
  version?: string;
  tag?: string;
  env?: string;
}

// `relm gate --json` and `relm approve --json` print these shapes.
const decisionFile = z.looseObject({ allowed: z.boolean(), environment: z.string().optional(), policy: z.looseObject({ revision: z.string().optional() }).optional() });
function invalid(option: string, error: z.ZodError): RelmError {
  const issue = error.issues[0];
  return new RelmError("RELM_INPUT_INVALID", "usage", `${option} does not hold what relm expects`, {
    details: [{ where: `${option} ${issue?.path.join(".") || "(top)"}`, message: issue?.message ?? "invalid" }],
  });
}

/** The record's facts from the plan (computed or --plan), the gate's decision and the approvals given. */
export function releaseFacts(input: { plan: ReleasePlan; project: string | undefined; root: string; decision?: unknown; options: FactsOptions; env: NodeJS.ProcessEnv }): ReleaseFacts {
  const { plan, options } = input;
  const candidates = plan.packages.filter((p) => options.package === undefined || p.name === options.package);
  const chosen = candidates.find((p) => p.released && p.next) ?? candidates[0];
  // After `relm tag` the plan releases nothing new: the release to publish is the one tagged on the target.
  const tagged = chosen && !chosen.next && chosen.previous?.commit === plan.range.to ? chosen.previous : undefined;
  const version = options.version ?? chosen?.next?.version ?? tagged?.version;
  if (!chosen || version === undefined) {
    throw new RelmError("RELM_PUBLISH_NO_VERSION", "usage", `nothing to publish: ${plan.reason ?? "the plan releases no version"}`, {
      details: [{ where: "--version", message: "give the version to publish, or a --plan that releases one" }],
    });
  }
  const released = chosen.next?.version === version;
  const tag = options.tag ?? (released ? chosen.next?.tag : undefined) ?? (tagged?.version === version ? tagged.tag : undefined) ?? `v${version}`;
  const decision = input.decision === undefined ? undefined : decisionFile.safeParse(input.decision);
  if (decision && !decision.success) throw invalid("--decision", decision.error);
  const multi = plan.mode !== "single" && chosen.name !== "";
  const environment = options.env ?? decision?.data?.environment;
  return {
    project: input.project ?? basename(input.root),
    ...(multi ? { package: chosen.name } : {}),
    version,
    tag,
    commit: plan.range.to,
    range: { ...(released && chosen.previous ? { from: chosen.previous.tag } : {}), to: plan.range.to, ...(released ? { commits: chosen.commits.length } : {}) },
    notes: released ? chosen.notes : "",
    ...(environment ? { environment } : {}),
    plan: JSON.parse(JSON.stringify(plan)) as ReleaseFacts["plan"],
    ...(decision?.data ? { gate: { allowed: decision.data.allowed, ...(decision.data.policy?.revision ? { policyRevision: decision.data.policy.revision } : {}), decision: decision.data as ReleaseFacts["plan"] } } : {}),
    pipeline: pipelineOf(input.env),
  };
}
