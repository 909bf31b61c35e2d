// Regenerates the published JSON Schemas (schema/*.json) from the zod schemas in core: the
// configuration, the release record, the chain's event record, the KPI report and the provenance statement. `--check` only compares.
import { readFileSync, writeFileSync } from "node:fs";
import { configJsonSchema, eventRecordJsonSchema, provenanceStatementJsonSchema, releaseRecordJsonSchema, reportJsonSchema } from "@relm/core";

const check = process.argv.includes("--check");
const schemas: [string, Record<string, unknown>][] = [
  ["relm.schema.json", configJsonSchema()],
  ["release-record.schema.json", releaseRecordJsonSchema()],
  ["event-record.schema.json", eventRecordJsonSchema()],
  ["report.schema.json", reportJsonSchema()],
  ["provenance-statement.schema.json", provenanceStatementJsonSchema()],
];
let stale = false;
for (const [name, schema] of schemas) {
  const file = new URL(`../schema/${name}`, import.meta.url);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (!check) writeFileSync(file, text);
  else if (readFileSync(file, "utf8") !== text) {
    console.error(`schema/${name} is stale: run \`npm run schema\``);
    stale = true;
  }
}
if (stale) process.exit(1);
