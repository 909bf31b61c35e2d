// Regenerates schema/relm.schema.json from the one config schema in core/policy.
import { writeFileSync } from "node:fs";
import { configJsonSchema, releaseRecordJsonSchema } from "@relm/core";

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

// The release record's schema (issue 6) is published the same way.
const recordFile = new URL("../schema/release-record.schema.json", import.meta.url);
const recordSchemaText = `${JSON.stringify(releaseRecordJsonSchema(), null, 2)}\n`;
if (check) {
  const { readFileSync } = await import("node:fs");
  if (readFileSync(recordFile, "utf8") !== recordSchemaText) {
    console.error("schema/release-record.schema.json is stale: run `npm run schema`");
    process.exit(1);
  }
} else {
  writeFileSync(recordFile, recordSchemaText);
}
