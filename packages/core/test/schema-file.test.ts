import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { configJsonSchema } from "@relm/core";

it("the committed JSON Schema matches the config schema (run `npm run schema` to refresh)", () => {
  const committed: unknown = JSON.parse(readFileSync(new URL("../../../schema/relm.schema.json", import.meta.url), "utf8"));
  expect(committed).toEqual(configJsonSchema());
});
