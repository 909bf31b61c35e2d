// relm report: the KPI figures of the registry's chain as the job summary, an HTML page and outputs.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { reportReleases } from "@relm/core";
import type { Figure, Report } from "@relm/core/report/report-schema";
import { openRegistry } from "@relm/registry";
import { reportHtml, reportText, reportWindow } from "@relm/report";
import { input, readSettings } from "../inputs.ts";
import { openProject } from "../project.ts";
import { escapeMarkdown } from "../../markdown.ts";
import { registerGitHubReleaseBackend } from "../../release-registry-backend.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  since: input.text("90d"),
  until: input.text(""),
  environment: input.text("production"),
  "html-path": input.text("relm-report.html"),
};

/**
 * The text report as a fenced block: the fence is longer than any run of backticks in the text, so
 * nothing from a record (a reason, a login) can close it and be read as Markdown or HTML.
 */
export function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

/** A figure as an output: the number, or empty when there was too little data (never a misleading 0). */
const figureOutput = (f: Figure | undefined): string => (f?.value === null || f?.value === undefined ? "" : String(f.value));

/** The headline figures as step outputs, named as in the JSON report. */
export function reportOutputs(r: Report): Record<string, string> {
  return {
    releases: figureOutput(r.releases.total),
    "deployment-frequency": figureOutput(r.deploymentFrequency[r.environment]),
    "lead-time-hours": figureOutput(r.leadTime.toDeployment.median),
    "change-failure-rate": figureOutput(r.changeFailureRate),
    "time-to-restore-hours": figureOutput(r.timeToRestore.median),
    report: JSON.stringify(r),
  };
}

/** The `report` step: what actions/report runs, and the root action for `step: report`. */
export async function reportStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  registerGitHubReleaseBackend();
  const window = reportWindow(s.since, s.until || undefined, new Date(), { since: "input since", until: "input until" });
  const project = await openProject(run, s);
  const url = s.registry || project.config.registry?.url || "file:.relm/registry";
  const registry = await openRegistry(url, { cwd: project.cwd, env: { ...env, GITHUB_TOKEN: s.token }, fetch: globalThis.fetch, ...(project.config.registry ? { options: project.config.registry } : {}) });
  const policy = project.config.policy;
  const report = await reportReleases({ ...window, environment: s.environment, ...(project.config.project === undefined ? {} : { project: project.config.project }) }, { registry, policy });
  const text = reportText(report);
  const html = isAbsolute(s["html-path"]) ? s["html-path"] : join(project.cwd, s["html-path"]);
  await mkdir(dirname(html), { recursive: true });
  await writeFile(html, reportHtml(report));
  runtime.info(text);
  runtime.info(`report (html) written to ${html}`);
  runtime.setOutput("html-path", html);
  for (const [name, value] of Object.entries(reportOutputs(report))) runtime.setOutput(name, value);
  runtime.summary(["## relm report", "", `Registry: \`${escapeMarkdown(registry.location)}\``, "", fenced(text), "", `The HTML report with charts: \`${escapeMarkdown(s["html-path"])}\` (upload it with actions/upload-artifact).`, ""].join("\n"));
}
