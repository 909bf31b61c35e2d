import { basename } from "node:path";
import type { Command } from "commander";
import type { PackagePlan } from "@relm/core";
import { detectForge, forgeFactories } from "../forges.ts";
import { isPublished } from "../release/publish-step.ts";
import { openProjectRegistry } from "./registry-run.ts";
import type { PlanRun } from "./plan-run.ts";

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * At a tagged target the plan says "already released"; a release relm made is more than a tag, so
 * this asks the forge for its Release and the registry for its record, and names what is missing.
 * Only runs when the target is tagged: a plan of new commits asks nobody.
 */
export async function markUnfinished(run: PlanRun, command: Command): Promise<void> {
  const tagged = run.plan.packages.filter((p): p is PackagePlan & { alreadyReleased: NonNullable<PackagePlan["alreadyReleased"]> } => p.alreadyReleased !== undefined);
  if (tagged.length === 0) return;
  const env = process.env;
  const kind = detectForge(env, command.optsWithGlobals<{ forge?: string }>().forge);
  const forge = await forgeFactories[kind]?.({ cwd: run.root, env, git: run.git }).catch((error: unknown) => {
    run.plan.warnings.push(`the ${kind} Release of the tagged release was not checked: ${messageOf(error)}`);
    return undefined;
  });
  const registry = await openProjectRegistry(command).catch((error: unknown) => {
    run.plan.warnings.push(`the registry was not checked for the tagged release: ${messageOf(error)}`);
    return undefined;
  });
  // As the release step names it (projectOf): the records are found under that name.
  const project = run.config.project ?? basename(run.root);
  for (const p of tagged) {
    const { version, tag } = p.alreadyReleased;
    const missing: string[] = [];
    if (forge?.releases.hasRelease && !(await forge.releases.hasRelease(tag))) missing.push(`its ${kind === "local" ? "local" : kind === "github" ? "GitHub" : "GitLab"} Release`);
    if (registry && !(await isPublished(registry.registry, project, { ...(p.name && run.plan.mode !== "single" ? { package: p.name } : {}), version, tag, commit: run.plan.range.to, notes: "" }))) {
      missing.push(`its record in ${registry.registry.location}`);
    }
    if (missing.length === 0) continue;
    p.alreadyReleased.unfinished = missing;
    run.plan.warnings.push(`${tag} is tagged but its release is unfinished: it lacks ${missing.join(" and ")}; \`relm release\` at this commit completes it`);
  }
}
