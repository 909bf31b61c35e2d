import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import { releaseCalendar } from "@relm/core/usecases/calendar";
import { calendarIcs } from "../calendar/index.ts";
import { instantOf } from "@relm/report/report-window";
import { openProjectRegistry, withRegistryOption } from "./registry-run.ts";

interface CalendarOptions {
  from: string;
  to: string;
  env?: string;
  format: string;
  out?: string;
}

export function registerCalendar(program: Command): void {
  withRegistryOption(program.command("calendar"))
    .description("One RFC 5545 calendar of the policy's freeze windows (recurring ones as RRULE in their time zone) and the releases and deployments the registry recorded.")
    .option("--from <when>", "start: a date, or a duration back from now (30d)", "30d")
    .option("--to <when>", "end (exclusive): a date, or a duration ahead of now (90d)", "90d")
    .option("--env <name>", "only the freezes and deployments of this environment")
    .option("--format <format>", "ics or json (json with --json)", "ics")
    .option("--out <file>", "write the calendar to this file instead of stdout")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<CalendarOptions>();
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      const format = json && command.getOptionValueSource("format") === "default" ? "json" : o.format;
      if (format !== "ics" && format !== "json") throw new RelmError("RELM_CALENDAR_FORMAT", "usage", `--format ${JSON.stringify(format)} is not a calendar format`, { details: [{ where: "--format", message: "expected ics or json" }] });
      const now = new Date();
      const from = instantOf(o.from, "--from", now.getTime());
      const to = instantOf(o.to, "--to", now.getTime(), 1);
      if (from >= to) throw new RelmError("RELM_CALENDAR_SPAN", "usage", `--from ${new Date(from).toISOString()} is not before --to ${new Date(to).toISOString()}`, { details: [{ where: "--from", message: "give a start before the end" }] });
      const { registry, config } = await openProjectRegistry(command);
      const calendar = await releaseCalendar({ from, to, ...(o.env === undefined ? {} : { environment: o.env }) }, { registry, policy: config.policy });
      const text = format === "json" ? `${JSON.stringify(calendar, null, 2)}\n` : calendarIcs(calendar, { name: `${config.project ?? "relm"} releases`, now });
      if (o.out === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeFile(o.out, text);
      process.stdout.write(json && format !== "json" ? `${JSON.stringify({ out: o.out, format, freezes: calendar.freezes.length, releases: calendar.releases.length, deployments: calendar.deployments.length })}\n` : `calendar (${format}) written to ${o.out}\n`);
    });
}
