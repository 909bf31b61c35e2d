import { GATE_CODES } from "../gate-rules.ts";
import { matchesAny } from "../glob-match.ts";
import type { Finding, Rule } from "./rule-context.ts";

/** Releases are cut only from the branches (and run only on the tags) the policy allows. */
export const branchRule: Rule = (ctx) => {
  const { ref } = ctx.facts;
  const lists: Array<{ globs: string[]; key: Array<string | number>; what: string }> = [];
  if (ctx.policy.branches) lists.push({ globs: ctx.policy.branches, key: ["policy", "branches"], what: "policy.branches" });
  const env = ctx.environment;
  if (env?.config.branches) lists.push({ globs: env.config.branches, key: ["policy", "environments", env.name, "branches"], what: `environment ${env.name}'s branches` });
  const findings: Finding[] = [];
  if (ref.kind === "tag") {
    if (ctx.policy.tags && !matchesAny(ref.name, ctx.policy.tags)) {
      findings.push({
        code: GATE_CODES.tag,
        rule: "tag",
        key: ["policy", "tags"],
        message: `tag ${JSON.stringify(ref.name)} is not one policy.tags allows (${ctx.policy.tags.join(", ")})`,
        facts: { tag: ref.name, allowed: ctx.policy.tags },
        remedy: `Release from a tag matching ${ctx.policy.tags.join(" or ")}.`,
      });
    }
    return findings;
  }
  for (const list of lists) {
    if (ref.kind === "detached") {
      findings.push({
        code: GATE_CODES.branch,
        rule: "branch",
        key: list.key,
        message: `the run is on a detached HEAD, so it cannot show that it is on a branch ${list.what} allows (${list.globs.join(", ")})`,
        facts: { ref: "detached", allowed: list.globs },
        remedy: "Check out the branch (or pass --branch) so the gate can see which branch the release comes from.",
      });
    } else if (!matchesAny(ref.name, list.globs)) {
      findings.push({
        code: GATE_CODES.branch,
        rule: "branch",
        key: list.key,
        message: `branch ${JSON.stringify(ref.name)} is not one ${list.what} allows (${list.globs.join(", ")})`,
        facts: { branch: ref.name, allowed: list.globs },
        remedy: `Release from a branch matching ${list.globs.join(" or ")}.`,
      });
    }
  }
  return findings;
};
