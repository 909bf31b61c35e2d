import { describe, expect, it } from "vitest";
import { loadConfig, isRelmError, type RelmError } from "@relm/core";

function failure(text: string): RelmError {
  try {
    loadConfig(text, ".relm.yml");
  } catch (e) {
    if (isRelmError(e)) return e;
    throw e;
  }
  throw new Error("expected a configuration error");
}

describe("loadConfig", () => {
  it("accepts an empty file and applies defaults", () => {
    const { config } = loadConfig("", ".relm.yml");
    expect(config.policy).toBeUndefined();
  });

  it("names the file, key and line of an unknown key", () => {
    const e = failure("project: demo\n\nrepositry: https://example.com/x\n");
    expect(e.kind).toBe("config");
    expect(e.details[0]?.where).toBe(".relm.yml:3 repositry");
  });

  it("reports YAML syntax errors with their line", () => {
    const e = failure("project: demo\npolicy:\n  branches: [main\n  checks: [build]\n");
    expect(e.code).toBe("RELM_CONFIG_YAML");
    // The unclosed [ of line 3 is noticed where the next key starts.
    expect(e.details.map((d) => d.where)).toEqual([".relm.yml:4"]);
    const tab = failure("project: demo\n\npolicy:\n\tbranches: [main]\n");
    expect(tab.details[0]?.where).toBe(".relm.yml:4");
  });

  it("reports a duplicate key at the second one's line (YAML would otherwise keep one silently)", () => {
    const e = failure("policy:\n  checks: [build]\n  branches: [main]\n  checks: []\n");
    expect(e.code).toBe("RELM_CONFIG_YAML");
    expect(e.details).toEqual([{ where: ".relm.yml:4", message: "Map keys must be unique" }]);
  });

  it("refuses an alias bomb as a YAML error at the first alias, and still reads a few aliases", () => {
    const e = failure('a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n');
    expect(e.code).toBe("RELM_CONFIG_YAML");
    expect(e.details[0]?.where).toBe(".relm.yml:2");
    expect(loadConfig("policy:\n  branches: &b [main]\n  checks: *b\n").config.policy?.checks).toEqual(["main"]);
  });

  it("reports a wrong type at the value's line", () => {
    const e = failure("project: demo\nregistry:\n  url: 42\n");
    expect(e.details[0]?.where).toBe(".relm.yml:3 registry.url");
  });
});

describe("withoutUserinfo", () => {
  it("masks the userinfo of every URL in a text, and leaves e-mail addresses and plain URLs alone", async () => {
    const { withoutUserinfo, hasUserinfo } = await import("@relm/core/policy/shown-url");
    expect(withoutUserinfo("GET oci://bot:t0k@host:5000/a/b failed; see https://u@example.invalid/x")).toBe("GET oci://***@host:5000/a/b failed; see https://***@example.invalid/x");
    expect(withoutUserinfo("mail alice@example.invalid about https://example.invalid/a@b")).toBe("mail alice@example.invalid about https://example.invalid/a@b");
    expect(hasUserinfo("oci://host/repo")).toBe(false);
    expect(hasUserinfo("oci://user:pass@host/repo")).toBe(true);
  });
});
