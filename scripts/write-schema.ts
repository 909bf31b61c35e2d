// Regenerates schema/relm.schema.json from the one config schema in core/policy.
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "@relm/core";

const check = process.argv.includes("--check");
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
const file = new URL("../schema/relm.schema.json", import.meta.url);
if (check) {
  const { readFileSync } = await import("node:fs");
  if (readFileSync(file, "utf8") !== text) {
    console.error("schema/relm.schema.json is stale: run `npm run schema`");
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
