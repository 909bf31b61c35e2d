import { z } from "zod";
import { durationSchema } from "../time/index.ts";
import { globSchema } from "./glob-match.ts";

const bumpSchema = z.enum(["major", "minor", "patch", "none"]);

/** One condition; every field given must hold. A class matches when any of its conditions does. */
export const riskConditionSchema = z
  .strictObject({
    bump: z.array(bumpSchema).min(1).optional().describe("The release's bump is one of these."),
    breaking: z.boolean().optional().describe("The release has (true) or has no (false) breaking change."),
    minCommits: z.number().int().min(0).optional().describe("At least this many commits."),
    maxCommits: z.number().int().min(0).optional().describe("At most this many commits."),
    paths: z.array(globSchema("path")).min(1).optional().describe("Some changed path matches one of these globs."),
    labels: z.array(z.string().min(1)).min(1).optional().describe("The change carries one of these labels."),
    override: z.boolean().optional().describe("A break-glass override is (true) or is not (false) in use."),
  })
  .refine((c) => Object.keys(c).length > 0, { message: "a condition needs at least one field" });

export const riskClassSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "expected a class name such as major").describe("standard, normal, major, emergency or your own."),
    when: z.array(riskConditionSchema).optional().describe("The class applies when any condition holds; classes are tried in order."),
    environments: z.array(z.string().min(1)).optional().describe("The class's rules apply to these environments only; all when absent."),
    approval: z
      .strictObject({
        quorum: z.number().int().min(1).optional().describe("Raises the environment's quorum to at least this."),
        separationOfDuties: z.literal(true).optional().describe("Turns separation of duties on."),
        maxAge: durationSchema.optional().describe("Shortens the staleness limit to at most this."),
        users: z.array(z.string().min(1)).optional().describe("The CAB for this class (replaces the environment's users)."),
        groups: z.array(z.string().min(1)).optional().describe("The CAB groups for this class (replaces the environment's groups)."),
      })
      .optional()
      .describe("Raises the approval the environment requires."),
    checks: z.array(z.string().min(1)).default([]).describe("Further checks required for this class."),
    soak: durationSchema.optional().describe("Raises the soak time before promotion to at least this."),
  })
  .describe("A risk class (ITIL change type) and the rules that come with it.");

export const riskSchema = z
  .strictObject({
    default: z.string().min(1).default("normal").describe("The class when no class's condition holds."),
    classes: z.array(riskClassSchema).default([]),
  })
  .superRefine((risk, ctx) => {
    // Classes are tried in order: a second class of the same name would never be the one chosen.
    const seen = new Set<string>();
    risk.classes.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: "custom", message: `class ${JSON.stringify(c.name)} is declared twice; the later one would never apply`, path: ["classes", i, "name"] });
      seen.add(c.name);
    });
  })
  .describe("Risk classes derived from the release plan.");

export type RiskClassConfig = z.infer<typeof riskClassSchema>;
export type RiskConfig = z.infer<typeof riskSchema>;
export type Bump = z.infer<typeof bumpSchema>;
