import { z } from "zod";
import { versioningShape } from "./versioning-schema.ts";
import { gateSchema } from "./gate-schema.ts";
import { registrySchema } from "./registry-schema.ts";
import { approvalSchema } from "../approval/approval-schema.ts";

/**
 * The one schema of .relm.yml: TypeScript types, runtime validation (with key and line) and the
 * published JSON Schema all come from here. Unknown keys are errors, so a typo never silently
 * turns a rule off.
 */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Editor hint; ignored by relm."),
    ...versioningShape,
    policy: gateSchema.optional(),
    registry: registrySchema.optional(),
    approval: approvalSchema.optional(),
  })
  .describe("relm configuration (.relm.yml)");

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
