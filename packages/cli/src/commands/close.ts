import type { Command } from "commander";
import { closeRelease } from "@relm/core/usecases/review";
import { recordKey } from "@relm/core/record/release-record-schema";
import { withRegistryOption } from "./registry-run.ts";
import { deployRun } from "../deploy/deploy-run.ts";
import { notifyClosed } from "@relm/deploy";
import { announceRelease } from "@relm/core/usecases/announce";
import { gitRepository } from "@relm/git/repository";
import { forgeWithToken } from "../deploy/forge-mirror.ts";

export function registerClose(program: Command): void {
  withRegistryOption(program.command("close"))
    .description("Close a published release: no further deployments of it without a new change; tells a webhook it shipped.")
    .argument("<version>", "the published version")
    .option("--package <name>", "the package (monorepos)")
    .option("--reason <text>", "a note kept with the closure")
    .option("--webhook <url>", "POST the closure as JSON to this URL (default: RELM_NOTIFY_WEBHOOK)")
    .option("--actor <login>", "who closes (default: the CI host's user)")
    .option("--forge <kind>", "the forge whose issues and pull requests are told: github, gitlab or local (default: the CI host, else local, which tells none)")
    .option("--token <token>", "forge token (default: GITHUB_TOKEN; GITLAB_TOKEN, else CI_JOB_TOKEN)")
    .option("--no-announce", "do not comment on the issues and pull requests the release contains")
    .action(async (version: string, _opts: unknown, command: Command) => {
      const o = command.opts<{ package?: string; reason?: string; webhook?: string; announce: boolean }>();
      const run = await deployRun(command);
      const context = { project: run.project, version, ...(o.package ? { package: o.package } : {}), at: new Date().toISOString(), ...(run.actor ? { actor: run.actor } : {}), pipeline: run.pipeline };
      const webhook = o.webhook ?? process.env.RELM_NOTIFY_WEBHOOK;
      const forge = o.announce ? await forgeWithToken(command, run.root, process.env, "the release's issues are not told on") : undefined;
      const notified = [...(webhook ? ["webhook"] : []), ...(forge?.adapters.announcer ? [`${forge.kind} issues`] : [])];
      const { closed, release, environments } = await closeRelease(context, { ...(o.reason ? { reason: o.reason } : {}), notified }, { registry: run.registry });
      // The webhook is told after the closure is recorded, and told again on a re-run: a chat
      // message twice is better than a closure nobody heard of.
      // Each comment carries a marker: a re-run finds it and posts nothing twice.
      const told = forge?.adapters.announcer ? await announceRelease(release, { project: run.project, environments }, { git: gitRepository(run.root), announcer: forge.adapters.announcer }) : [];
      for (const t of told.filter((x) => x.outcome === "failed")) process.stderr.write(`relm: warning: ${t.target} was not told: ${t.detail ?? "failed"}\n`);
      const sent = webhook ? await notifyClosed(webhook, { project: run.project, release, environments, closedAt: closed.event.at, record: closed.where, ...(o.reason ? { reason: o.reason } : {}) }) : undefined;
      if (run.globals.json) process.stdout.write(`${JSON.stringify({ version: recordKey(release), closed: closed.where, created: closed.created, environments, ...(sent ? { webhook: sent } : {}), announced: told }, null, 2)}\n`);
      else process.stdout.write(`closed ${recordKey(release)} (${closed.where}${closed.created ? "" : ", recorded before"}); deployed to ${environments.join(", ") || "no environment"}${sent ? `; told ${sent}` : ""}${told.length > 0 ? `; commented on ${told.map((t) => `${t.target} (${t.outcome})`).join(", ")}` : ""}\n`);
    });
}
