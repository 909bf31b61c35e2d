import type { Command } from "commander";
import type { GateRequest, Git } from "@relm/core";
import { hostChange, parseOverrideFlags, type OverrideFlags } from "./gate-flags.ts";
import { hostRef, targetRefOf } from "./target-ref.ts";
import { collect } from "../collect.ts";

export interface GateAskFlags extends OverrideFlags {
  targetRef?: string;
  label?: string[];
  branch?: string;
  tag?: string;
}

/** How a run asks the gate: the policy's ref, the branch or tag, labels, a break-glass request. */
export type GateAsk = Pick<GateRequest, "targetRef" | "branch" | "tag" | "labels" | "override" | "labelOverride">;

/** The flags that say how the run asks the gate; gate, release and approve take the same ones, so they judge alike. */
export function withGateAskOptions(command: Command): Command {
  return command
    .option("--label <name>", "a label on the change (risk classes, override via label); repeat (default in a GitLab merge request pipeline: its labels)", collect, [])
    .option("--override-by <login>", "break glass: who asks (default in CI: the job's user, GITLAB_USER_LOGIN or GITHUB_TRIGGERING_ACTOR)")
    .option("--override-reason <text>", "break glass: why (mandatory)")
    .option("--override-rules <rules>", "break glass: the rules to lift, comma-separated (freeze, checks, promotion, soak, branch, tag)")
    .option("--override-via <channel>", "break glass: input (default) or label");
}

/**
 * What the run asks the gate, flags first, then what the CI host says: the policy's ref (the protected
 * target branch; `localTarget` when no CI host names one, HEAD for a local release), the branch or tag
 * the run is for, the change's labels, and a break-glass request.
 */
export async function gateAsk(git: Git, env: NodeJS.ProcessEnv, o: GateAskFlags, localTarget?: string): Promise<GateAsk> {
  const override = parseOverrideFlags(o, env);
  const change = hostChange(env);
  const labels = o.label && o.label.length > 0 ? o.label : change.labels;
  const inCi = env.GITHUB_ACTIONS === "true" || env.GITLAB_CI === "true";
  const targetRef = o.targetRef ?? (localTarget !== undefined && !inCi ? localTarget : await targetRefOf(git, env, undefined));
  const host = hostRef(env);
  const branch = o.branch ?? host.branch;
  const tag = o.tag ?? host.tag;
  return {
    targetRef,
    ...(tag ? { tag } : branch ? { branch } : {}),
    ...(labels && labels.length > 0 ? { labels } : {}),
    ...(override ? { override } : change.labelOverride ? { labelOverride: change.labelOverride } : {}),
  };
}
