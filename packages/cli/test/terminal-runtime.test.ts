import { describe, expect, it } from "vitest";
import { terminalRuntime } from "../src/terminal-runtime.ts";

describe("terminal runtime", () => {
  it("prints one line per fact under a heading per group", async () => {
    let out = "";
    const rt = terminalRuntime((t) => void (out += t));
    const value = await rt.group("1/5 gate: may this release go on?", async () => {
      rt.info("allowed");
      rt.warning("two\nlines", { file: ".relm.yml", line: 3 });
      return 42;
    });
    rt.error("boom");
    expect(value).toBe(42);
    expect(out).toBe("== 1/5 gate: may this release go on?\nallowed\nwarning .relm.yml:3: two\nwarning .relm.yml:3: lines\nerror: boom\n");
  });

  it("drops terminal control sequences from untrusted text, shows bidi overrides and masks secrets", () => {
    let out = "";
    const rt = terminalRuntime((t) => void (out += t));
    rt.mask("s3cr3t-token");
    rt.info("feat: \u001b[2J\u001b[31mred\u001b[0m\rover \u202eevil token=s3cr3t-token");
    rt.setOutput("version", "1.2.0");
    expect(out).toBe("feat: [2J[31mred[0mover [U+202E]evil token=***\n");
    expect(rt.outputs.get("version")).toBe("1.2.0");
  });

  it("never lets a line start a runner workflow command", () => {
    let out = "";
    const rt = terminalRuntime((t) => void (out += t));
    rt.info("fine\n::error::pwned\n  ::set-output name=x::y");
    expect(out.split("\n").filter((l) => /^\s*::/.test(l))).toEqual([]);
    expect(out).toContain("» ::error::pwned");
  });
});
