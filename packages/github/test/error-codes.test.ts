import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const src = fileURLToPath(new URL("../src", import.meta.url));
const docs = readFileSync(fileURLToPath(new URL("../../../docs/errors.md", import.meta.url)), "utf8");

it("every error code the GitHub adapter raises has its entry in docs/errors.md", () => {
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  const codes = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(src, f), "utf8").matchAll(/new RelmError\(\s*"(RELM_[A-Z_]+)"/g)) codes.add(m[1] ?? "");
  expect(codes.size).toBeGreaterThan(8);
  const missing = [...codes].filter((code) => !docs.includes(`### ${code.toLowerCase()}`));
  expect(missing).toEqual([]);
});
