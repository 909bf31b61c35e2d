import type { Command } from "commander";
import type { PackagePlan, ReleasePlan } from "@relm/core";
import { planJsonChunks } from "@relm/core/notes/plan-json";
import { writeChunks } from "../write-chunks.ts";
import { noReleaseText, packageLabel, runPlan, withRangeOptions } from "./plan-run.ts";
import { reportToCi } from "../ci-report.ts";
import { collect } from "../collect.ts";

function packageSummary(plan: ReleasePlan, p: PackagePlan): string {
  const label = packageLabel(plan, p.name);
  const from = p.previous ? `${p.previous.version} (${p.previous.tag})` : "no previous release";
  const count = `${p.commits.length} commit${p.commits.length === 1 ? "" : "s"}`;
  if (!p.released || !p.next) return `- ${label}${from}: no release (${p.reason ?? "nothing to release"})`;
  return `- ${label}**${p.next.version}** (${p.next.tag}): ${p.bump} bump from ${from}, ${count}`;
}

/** The plan as Markdown: one line per package, then each released package's notes. */
export function planMarkdown(plan: ReleasePlan): string {
  const lines = ["# Release plan", ""];
  if (!plan.released) lines.push(noReleaseText(plan), "");
  for (const p of plan.packages) lines.push(packageSummary(plan, p));
  lines.push("");
  const facts = [`${plan.commitCount} commits read`];
  if (plan.nonConventional.count > 0) facts.push(`${plan.nonConventional.count} not conventional (ignored)`);
  if (plan.mergeCommits > 0) facts.push(`${plan.mergeCommits} merge commits`);
  lines.push(`${facts.join(", ")}.`, "");
  for (const w of plan.warnings) lines.push(`> **Warning:** ${w}`, "");
  for (const p of plan.packages) {
    if (!p.released || p.notes === "") continue;
    if (plan.mode !== "single") lines.push(`# ${p.name}`, "");
    lines.push(p.notes.trimEnd(), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function registerPlan(program: Command): void {
  withRangeOptions(program.command("plan"))
    .description("Plan the release: next version(s) and release notes from conventional commits (Markdown, or the whole plan with --json); --candidate writes the release candidate the CAB signs.")
    .option("--candidate <file>", "write the release candidate (commit, versions, notes, policy and artifact digests) to FILE and print its digest")
    .option("--artifact <file>", "with --candidate: an artifact built before the sign-off, part of the candidate; repeat per file", collect, [])
    .option("--target-ref <ref>", "with --candidate: the protected branch whose committed policy judges the release")
    .option("--env <name>", "with --candidate: the environment the release is for")
    .action(async (_opts: unknown, command: Command) => {
      const run = await runPlan(command);
      const { plan, globals } = run;
      // Loaded only at a tagged target: asking the forge and the registry needs their adapters.
      if (run.plan.packages.some((p) => p.alreadyReleased)) await (await import("./plan-unfinished.ts")).markUnfinished(run, command);
      const o = command.opts<{ candidate?: string; artifact: string[]; targetRef?: string; env?: string }>();
      if (o.candidate) {
        // Loaded only here: the candidate reads the committed policy as the gate does.
        const { writePlanCandidate } = await import("./plan-candidate.ts");
        await writePlanCandidate(run, o.candidate, o.artifact, { ...(o.targetRef ? { targetRef: o.targetRef } : {}), ...(o.env ? { env: o.env } : {}) });
      }
      if (globals.json) await writeChunks(process.stdout, planJsonChunks(plan));
      else {
        // Loaded only with a schedule: the slots need the time-zone library a plain plan never loads.
        const slot = run.config.policy?.schedule ? (await import("./plan-slot.ts")).plannedSlotLine(run.config, new Date()) : "";
        process.stdout.write([planMarkdown(plan), slot].filter(Boolean).join("\n"));
      }
      // One released package: its version and tag are the outputs later CI jobs read.
      const released = plan.packages.filter((p) => p.released && p.next);
      const only = released.length === 1 ? released[0]?.next : undefined;
      reportToCi(process.env, only ? { RELM_VERSION: only.version, RELM_TAG: only.tag } : {});
    });
}
