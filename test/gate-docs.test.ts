// Every example in docs/policy.md is a valid .relm.yml, so the documentation cannot drift from the schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GATE_CODES, loadConfig } from "@relm/core";
import { repoRoot } from "./support/replay.ts";

const text = readFileSync(join(repoRoot, "docs", "policy.md"), "utf8");
const examples = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");

describe("docs/policy.md", () => {
  it("has an example for every rule", () => {
    const keys = ["branches:", "tags:", "freezes:", "checks:", "after:", "soak:", "approval:", "risk:", "override:"];
    for (const key of keys) expect(examples.some((e) => e.includes(key)), key).toBe(true);
  });
  it.each(examples.map((e, i) => [i, e]))("example %i is a valid configuration", (_i, example) => {
    expect(() => loadConfig(example, "docs/policy.md")).not.toThrow();
    expect(loadConfig(example, "docs/policy.md").config.policy).toBeDefined();
  });
  it("documents every violation code, here and in errors.md", () => {
    const errors = readFileSync(join(repoRoot, "docs", "errors.md"), "utf8");
    for (const code of Object.values(GATE_CODES)) {
      expect(text).toContain(`\`${code}\``);
      expect(errors).toContain(`### ${code.toLowerCase()}`);
    }
  });
});
