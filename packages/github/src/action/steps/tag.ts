// relm tag: annotated tag and GitHub Release through the API; a re-run completes a partial release.
import { tagRelease } from "@relm/core";
import { input, readSettings } from "../inputs.ts";
import { tagTargets, versionOutputs } from "../plan-facts.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { unfinishedTargets } from "../resume.ts";
import { floatingTagMove } from "@relm/core";
import { markTaggedPulls } from "@relm/core/usecases/tagged-pulls";
import { planSummary } from "../summary.ts";
import { requireSignOff } from "../sign-off.ts";
import { githubForge } from "../../forge.ts";
import { escapeMarkdown, table } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token with contents: write"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  draft: input.boolean(false),
  prerelease: input.oneOf(["auto", "true", "false"], "auto"),
  "make-latest": input.oneOf(["true", "false", "legacy"], "true"),
  "floating-tag": input.boolean(false),
  "dry-run": input.boolean(false),
  environment: input.text("release"),
};

/** The `tag` step: what actions/tag runs, and the root action for `step: tag`. */
export async function tagStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  const prerelease = s.prerelease === "auto" ? "auto" : s.prerelease === "true";
  const project = await openProject(run, s);
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const plan = await planProject(project, run, stepLogins(s.token, run, env));
  // Nothing is public before the sign-off: the tag step judges it again itself, from GitHub.
  if (!s["dry-run"]) await requireSignOff("tag", { env, runtime, run }, project, plan, forge, { environment: s.environment, config: s.config });
  const planned = tagTargets(plan, prerelease);
  const targets = planned.length > 0 ? planned : await unfinishedTargets(plan, forge.tags, prerelease);
  if (planned.length === 0 && targets.length > 0) runtime.info(`completing the release of ${targets.map((t) => t.tag).join(", ")} (tagged by an earlier run)`);
  const result = await tagRelease({ targets, draft: s.draft, makeLatest: s["make-latest"], dryRun: s["dry-run"] }, { tags: forge.tags, releases: forge.releases });
  const moved: string[] = [];
  if (s["floating-tag"] && !result.dryRun) {
    for (const t of targets) {
      const floating = floatingTagMove(t, (await project.git.tags()).map((x) => x.name));
      if (floating && (await forge.tags.moveTag({ name: floating, commit: t.commit })).moved) moved.push(floating);
    }
  }
  // Last and best effort: the release PR this came from is marked; a failure only warns.
  if (!result.dryRun) await markTaggedPulls({ pulls: forge.taggedPulls, runtime }, result.outcomes.map((o) => o.commit));
  const first = result.outcomes[0];
  const outputs = planned.length > 0 ? versionOutputs(plan) : { version: first?.version ?? "", tag: first?.tag ?? "", bump: "none" };
  runtime.setOutput("version", outputs.version);
  runtime.setOutput("tag", outputs.tag);
  runtime.setOutput("bump", outputs.bump);
  runtime.setOutput("released", String(!result.dryRun && result.outcomes.length > 0));
  runtime.setOutput("release-url", first?.release?.url ?? "");
  runtime.setOutput("release-id", first?.release?.id ?? "");
  for (const o of result.outcomes) {
    runtime.info(`${o.tag}: tag ${o.tagCreated ? "created" : result.dryRun ? "would be created" : "already there"}${o.release ? `, release ${o.releaseCreated ? "created" : "updated"} ${o.release.url ?? ""}` : ""}`);
  }
  for (const m of moved) runtime.info(`moved ${m}`);
  const rows = result.outcomes.map((o) => [`\`${escapeMarkdown(o.tag)}\``, o.commit.slice(0, 12), result.dryRun ? "dry run" : o.tagCreated ? "created" : "already there", o.release ? `[${o.releaseCreated ? "created" : "updated"}](${encodeURI(o.release.url ?? "")})` : "none"]);
  runtime.summary([planned.length > 0 ? planSummary(plan, "relm tag") : "## relm tag", "", rows.length ? table(["tag", "commit", "tag", "release"], rows) : "Nothing to tag.", ...(moved.length ? ["", `Moved ${moved.map((m) => `\`${escapeMarkdown(m)}\``).join(", ")}.`] : []), ""].join("\n"));
}
