import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runRelm } from "../../../test/support/run-relm.ts";
import { buildProgram, commandNameOf } from "../src/program.ts";
import { commandLoaders } from "../src/commands/index.ts";

describe("the command a run loads", () => {
  it("is found after the global options and their values, as commander finds it", async () => {
    const options = (await buildProgram([])).options;
    const cases: [string[], string | undefined][] = [
      [["plan"], "plan"],
      [["plan", "--json"], "plan"],
      [["--json", "publish", "a.tgz"], "publish"],
      [["-C", "repo", "version"], "version"],
      [["--cwd", "repo", "-c", "relm.yml", "gate"], "gate"],
      [["--cwd=repo", "notes"], "notes"],
      [["-Crepo", "tag"], "tag"],
      [["policy", "check"], "policy"],
    ];
    for (const [argv, name] of cases) expect(commandNameOf(argv, options), argv.join(" ")).toBe(name);
  });

  it("is none (so every command is loaded) when argv names none, or names it in a way the scan does not follow", async () => {
    const options = (await buildProgram([])).options;
    for (const argv of [[], ["--help"], ["-h"], ["help", "plan"], ["pla"], ["--bogus", "plan"], ["--", "plan"], ["--json=yes", "plan"], ["-C"], ["--cwd"], ["-"]]) {
      expect(commandNameOf(argv, options), argv.join(" ")).toBeUndefined();
    }
  });

  it("gives each command the same help alone as among all commands", async () => {
    const all = await buildProgram();
    expect(all.commands.map((c) => c.name())).toEqual(Object.keys(commandLoaders));
    for (const name of Object.keys(commandLoaders)) {
      const alone = await buildProgram([name]);
      expect(alone.commands.map((c) => c.name())).toEqual([name]);
      const help = (program: typeof all) => program.commands.find((c) => c.name() === name)?.helpInformation();
      expect(help(alone), name).toBe(help(all));
      expect(help(alone)).toContain(`Usage: relm ${name}`);
    }
  });
});

describe("relm --version", () => {
  it("prints the version of the package that ships the CLI and exits 0", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const run = runRelm([flag]);
      expect(run.code, flag).toBe(0);
      expect(run.stdout.trim(), flag).toBe(manifest.version);
    }
  });
});
