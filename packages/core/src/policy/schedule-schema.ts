import { z } from "zod";
import { durationSchema, parseLocalDateTime } from "../time/index.ts";
import { timeZoneSchema } from "./freeze-schema.ts";
import { parseTrain } from "./schedule-train.ts";

const localDate = z.string().refine((t) => parseLocalDateTime(t) !== undefined, { message: "expected a date (2026-04-14) or date-time (2026-04-14T10:00, optionally with an offset)" });

/** One planned slot: a recurring train or a dated release. Either `train` or `at`, never both. */
export const scheduleSlotSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe("Shown in plans, the calendar and violations; required for a dated slot."),
    train: z
      .string()
      .superRefine((text, ctx) => {
        const train = parseTrain(text);
        if (typeof train === "string") ctx.addIssue({ code: "custom", message: train });
      })
      .optional()
      .describe('A release train: "every [Nth] <weekday> HH:MM [time zone]", e.g. "every 2nd Tuesday 10:00 Europe/Berlin".'),
    from: localDate.optional().describe("Train: the week the count of an every-Nth-week train starts from (default: weeks counted from 1970-01-05)."),
    at: localDate.optional().describe("Dated slot: when it opens, on the slot's wall clock unless it carries an offset."),
    timeZone: timeZoneSchema.optional().describe("The slot's time zone (default: the train's own, else policy.timeZone)."),
    window: durationSchema.default("4h").describe("How long the slot stays open."),
    scope: z.array(z.string().min(1)).optional().describe("Packages the slot is for (monorepos); all when absent."),
  })
  .superRefine((s, ctx) => {
    if ((s.train === undefined) === (s.at === undefined)) ctx.addIssue({ code: "custom", message: "a slot is either a train (train) or a dated release (at and name), exactly one of them" });
    if (s.at !== undefined && s.name === undefined) ctx.addIssue({ code: "custom", message: "a dated slot needs a name", path: ["name"] });
    if (s.from !== undefined && s.train === undefined) ctx.addIssue({ code: "custom", message: "from counts the weeks of a train; a dated slot has none", path: ["from"] });
  });

export const scheduleSchema = z
  .strictObject({
    slots: z.array(scheduleSlotSchema).min(1).describe("The planned release slots."),
    require: z
      .array(z.string().min(1))
      .optional()
      .describe("Risk classes that must ship in a planned slot; every class when absent. An emergency change never has to."),
    environments: z.array(z.string().min(1)).optional().describe("Environments whose releases must ship in a slot; all when absent."),
  })
  .describe("The release schedule: release trains and dated releases, and which changes must ship in one.");

export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type ScheduleSlotConfig = z.infer<typeof scheduleSlotSchema>;
