import { describe, expect, it } from "vitest";
import { configSchema, defaultConfig, loadConfig } from "@relm/core";

// defaultConfig() is written out so a plan without .relm.yml loads no schema: it must stay what the schema gives.
describe("defaultConfig", () => {
  it("is the schema's defaults, as loading an empty file gives them", () => {
    expect(defaultConfig().config).toEqual(configSchema.parse({}));
    expect(defaultConfig().config).toEqual(loadConfig("{}").config);
  });

  it("names the embedded defaults as its source, every key on line 1 as in an empty document", () => {
    const loaded = defaultConfig();
    const empty = loadConfig("{}", "(embedded defaults)");
    expect(loaded.source.file).toBe("(embedded defaults)");
    for (const path of [[], ["policy"], ["policy", "freezes", 0], ["registry", "url"]]) expect(loaded.source.lineOf(path)).toBe(empty.source.lineOf(path));
  });

  it("gives a fresh object each time, so one caller's change never reaches another", () => {
    const first = defaultConfig().config;
    first.releaseRules.push({ type: "build", release: "patch" });
    expect(defaultConfig().config.releaseRules).toEqual([]);
  });
});
