import { z } from "zod";
import { configSchema } from "./config-schema.ts";

/** The published JSON Schema of .relm.yml (committed as schema/relm.schema.json, checked in tests). */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://relm.dev/schema/relm.schema.json",
    title: "relm configuration (.relm.yml)",
  };
}
