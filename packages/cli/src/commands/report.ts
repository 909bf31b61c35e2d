import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { reportReleases } from "@relm/core/usecases/report";
import type { Report } from "@relm/core/report/report-schema";
import { reportCsv, reportHtml, reportMetrics, reportText, reportWindow } from "@relm/report";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";

const FORMATS = { text: reportText, json: (r: Report) => `${JSON.stringify(r, null, 2)}\n`, html: reportHtml, csv: reportCsv, metrics: reportMetrics } as const;
type Format = keyof typeof FORMATS;
const isFormat = (f: string): f is Format => Object.hasOwn(FORMATS, f);

interface ReportOptions {
  since?: string;
  until?: string;
  env: string;
  format?: string;
  out?: string;
}

export function registerReport(program: Command): void {
  withRegistryOption(program.command("report"))
    .description("KPIs from the registry's chain: releases per week and month, deployment frequency, lead time, change failure rate, time to restore, approvals and gate refusals.")
    .option("--since <when>", "start of the window: a duration back from --until (90d, 12w) or a date", "90d")
    .option("--until <when>", "end of the window (exclusive): a date, or a duration back from now (default: now)")
    .option("--env <name>", "the environment lead time to deployment, failure rate and time to restore are measured on", "production")
    .option("--format <format>", "text, json, html, csv or metrics (a GitLab metrics report) (default: text, or json with --json)")
    .option("--out <file>", "write the report to this file instead of stdout")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<ReportOptions>();
      const format = o.format ?? (command.optsWithGlobals<{ json?: boolean }>().json ? "json" : "text");
      if (!isFormat(format)) {
        throw new RelmError("RELM_REPORT_FORMAT", "usage", `--format ${JSON.stringify(format)} is not a report format`, { details: [{ where: "--format", message: `expected one of ${Object.keys(FORMATS).join(", ")}` }] });
      }
      const window = reportWindow(o.since, o.until, new Date());
      const { registry, config, globals } = await openProjectRegistry(command);
      const report = await reportReleases({ ...window, environment: o.env, ...(config.project === undefined ? {} : { project: config.project }) }, { registry, policy: config.policy });
      const text = FORMATS[format](report);
      if (o.out === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeFile(o.out, text);
      const where = { out: o.out, format, releases: report.releases.total.value, window };
      process.stdout.write(globals.json && format !== "json" ? `${JSON.stringify(where)}\n` : `report (${format}) written to ${o.out}\n`);
    });
}
