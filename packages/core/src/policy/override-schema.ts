import { z } from "zod";
import { OVERRIDABLE_RULES } from "./gate-rules.ts";

/** Break glass: who may lift which rules, and how they ask. */
export const overrideSchema = z
  .strictObject({
    users: z.array(z.string().min(1)).default([]).describe("Logins (or commit e-mails, for trailers) allowed to override."),
    groups: z.array(z.string().min(1)).default([]).describe("Groups allowed to override: `org/team` on GitHub, a group path on GitLab."),
    via: z
      .array(z.enum(["input", "label", "trailer"]))
      .min(1)
      .default(["input"])
      .describe("How an override may be asked for: an input/flag, a label on the change, a commit trailer."),
    label: z.string().min(1).default("relm:override").describe("The label that asks for an override (via: label)."),
    trailer: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]*$/, "expected a trailer key such as Relm-Override")
      .default("Relm-Override")
      .describe("Trailer key naming the rules (`Relm-Override: freeze, soak`); `<key>-Reason:` gives the reason."),
    rules: z
      .array(z.enum(OVERRIDABLE_RULES))
      .min(1)
      .default([...OVERRIDABLE_RULES])
      .describe("Rules an override may lift at all; a request must still name each rule it lifts."),
  })
  .describe("Break-glass override: lifts only the rules it names, needs a reason, is recorded in the decision.");

export type OverrideConfig = z.infer<typeof overrideSchema>;
