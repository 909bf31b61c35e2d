// relm review and relm close as one step: the post-release review recorded, the release closed.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { RelmError } from "@relm/core";
import { closeRelease, recordReview } from "@relm/core/usecases/review";
import { notifyClosed } from "@relm/deploy";
import { announceRelease } from "@relm/core/usecases/announce";
import { input, readSettings } from "../inputs.ts";
import { escapeMarkdown } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";
import { deployContext } from "./deploy-context.ts";

const inputs = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  version: input.required("the published version reviewed"),
  outcome: input.optionalOneOf(["success", "partial", "failed"]),
  notes: input.text(""),
  close: input.boolean(false),
  announce: input.boolean(true),
  reason: input.text(""),
  webhook: input.text(""),
};

/** The `review` step: records the review (when an outcome is given) and closes the release (close: true). */
export async function reviewStep(ctx: ActionContext): Promise<void> {
  const s = readSettings(inputs, ctx.env);
  if (!s.outcome && !s.close) throw new RelmError("RELM_ACTION_INPUT", "usage", "nothing to do: give an outcome to review, close: true to close, or both", { details: [{ where: "input outcome", message: "empty" }] });
  const d = await deployContext(ctx, { ...s, mirror: false });
  const context = { ...d.who, version: s.version, at: d.clock.now().toISOString() };
  const lines = [`## relm review of ${escapeMarkdown(s.version)}`, ""];
  if (s.outcome) {
    const notes = s.notes ? await readFile(resolve(d.project.cwd, s.notes), "utf8").catch((error: unknown) => {
      throw new RelmError("RELM_INPUT_UNREADABLE", "usage", `cannot read input notes ${s.notes}`, { details: [{ where: "input notes", message: (error as Error).message }] });
    }) : "";
    const reviewed = await recordReview(context, { outcome: s.outcome, notes }, { registry: d.registry });
    ctx.runtime.info(`review of ${s.version}: ${s.outcome} (${reviewed.where})`);
    lines.push(`Review: **${s.outcome}**${s.outcome === "failed" ? " (the release is marked failed)" : ""}.`, "");
  }
  if (s.close) {
    const webhook = s.webhook || ctx.env.RELM_NOTIFY_WEBHOOK || "";
    if (webhook) ctx.runtime.mask(webhook);
    const { closed, release, environments } = await closeRelease(context, { ...(s.reason ? { reason: s.reason } : {}), ...(webhook ? { notified: ["webhook"] } : {}) }, { registry: d.registry });
    const told = webhook ? await notifyClosed(webhook, { project: d.name, release, environments, closedAt: closed.event.at, record: closed.where, ...(s.reason ? { reason: s.reason } : {}) }) : undefined;
    const announced = s.announce && d.forge.announcer ? await announceRelease(release, { project: d.name, environments }, { git: d.project.git, announcer: d.forge.announcer }) : [];
    for (const a of announced.filter((x) => x.outcome === "failed")) ctx.runtime.warning(`${a.target} was not told: ${a.detail ?? "failed"}`);
    ctx.runtime.info(`closed ${s.version}${told ? `; told ${told}` : ""}${announced.length > 0 ? `; commented on ${announced.map((a) => `${a.target} (${a.outcome})`).join(", ")}` : ""}`);
    lines.push(`Closed; deployed to ${escapeMarkdown(environments.join(", ") || "no environment")}.${announced.length > 0 ? ` Told ${announced.filter((a) => a.outcome !== "failed").map((a) => a.target).join(", ")}.` : ""}`, "");
  }
  ctx.runtime.summary(lines.join("\n"));
}
