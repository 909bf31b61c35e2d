// A user who meets an error code looks it up in docs/errors.md: every code any package raises has
// its entry there, headed by the code in lower case (the anchor a link from a message can use).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "./support/replay.ts";

const docs = readFileSync(join(repoRoot, "docs", "errors.md"), "utf8");

it("every error code raised under packages/*/src has its entry in docs/errors.md", () => {
  const codes = new Map<string, string>();
  for (const pkg of readdirSync(join(repoRoot, "packages"))) {
    const src = join(repoRoot, "packages", pkg, "src");
    let files: string[];
    try {
      files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    } catch {
      continue;
    }
    for (const f of files) for (const m of readFileSync(join(src, f), "utf8").matchAll(/new RelmError\(\s*"(RELM_[A-Z_]+)"/g)) codes.set(m[1] ?? "", `packages/${pkg}/src/${f}`);
  }
  expect(codes.size).toBeGreaterThan(100);
  const missing = [...codes].filter(([code]) => !new RegExp(`^### ${code.toLowerCase()}$`, "m").test(docs)).map(([code, where]) => `${code} (${where})`);
  expect(missing).toEqual([]);
});
