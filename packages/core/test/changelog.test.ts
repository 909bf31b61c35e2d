import { describe, expect, it } from "vitest";
import { changelogHasVersion, updateChangelog } from "../src/index.ts";

const section = "## [1.2.0](https://x/compare/v1.1.0...v1.2.0) (2026-01-01)\n\n### Features\n\n* thing (abc1234)\n";

describe("updateChangelog", () => {
  it("creates a changelog with a title when there is none", () => {
    const out = updateChangelog("", section, "1.2.0");
    expect(out.startsWith("# Changelog\n")).toBe(true);
    expect(out).toContain(section.trim());
  });

  it("puts the new section above the newest one, below the title", () => {
    const existing = "# Changelog\n\nIntro.\n\n## [1.1.0](u) (2025-12-01)\n\n* old\n";
    const out = updateChangelog(existing, section, "1.2.0");
    expect(out.indexOf("Intro.")).toBeLessThan(out.indexOf("[1.2.0]"));
    expect(out.indexOf("[1.2.0]")).toBeLessThan(out.indexOf("[1.1.0]"));
    expect(out.endsWith("* old\n")).toBe(true);
  });

  it("is idempotent: running it twice adds nothing", () => {
    const once = updateChangelog("# Changelog\n\n## 1.1.0\n\n* old\n", section, "1.2.0");
    expect(updateChangelog(once, section, "1.2.0")).toBe(once);
    expect(updateChangelog(updateChangelog("", section, "1.2.0"), section, "1.2.0")).toBe(updateChangelog("", section, "1.2.0"));
  });

  it("recognises a version already there in other heading styles, and does not confuse 1.2.0 with 1.2.0-rc.1 or 11.2.0", () => {
    expect(changelogHasVersion("### [1.2.0] (x)", "1.2.0")).toBe(true);
    expect(changelogHasVersion("## v1.2.0\n", "1.2.0")).toBe(true);
    expect(changelogHasVersion("## 1.2.0-rc.1\n", "1.2.0")).toBe(false);
    expect(changelogHasVersion("## 11.2.0\n", "1.2.0")).toBe(false);
    expect(changelogHasVersion("text mentioning 1.2.0\n", "1.2.0")).toBe(false);
  });

  it("keeps CRLF files in CRLF", () => {
    const out = updateChangelog("# Changelog\r\n\r\n## 1.1.0\r\n", section, "1.2.0");
    expect(out.replace(/\r\n/g, "")).not.toContain("\n");
  });
});
