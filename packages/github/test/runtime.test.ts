import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const runtimeModule = fileURLToPath(new URL("../src/runtime.ts", import.meta.url));

/** Reads a log the way the runner does: which lines would run as workflow commands? */
function commandsTheRunnerWouldRun(log: string): string[] {
  const commands: string[] = [];
  let stopToken: string | undefined;
  for (const line of log.split("\n")) {
    const trimmed = line.trim();
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed);
    if (stop?.[1]) {
      stopToken = stop[1];
      continue;
    }
    if (trimmed.startsWith("::") || trimmed.startsWith("##[")) commands.push(trimmed);
  }
  return commands;
}

function runWithRuntime(script: string): { stdout: string; output: string; summary: string } {
  const dir = mkdtempSync(join(tmpdir(), "relm-runtime-"));
  const output = join(dir, "output");
  const summary = join(dir, "summary");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const file = join(dir, "script.ts");
  writeFileSync(file, `import { actionsRuntime } from ${JSON.stringify(runtimeModule)};\nconst runtime = actionsRuntime();\n${script}\n`);
  const run = spawnSync(process.execPath, [file], { env: { ...process.env, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary }, encoding: "utf8" });
  expect(run.stderr).toBe("");
  return { stdout: run.stdout, output: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8") };
}

it("prints untrusted lines verbatim without letting them run as workflow commands", () => {
  const hostile = "feat: x\n::set-env name=NODE_OPTIONS::--require=/tmp/evil.js\n  ::add-mask::x\n##[set-output name=a]b";
  const { stdout } = runWithRuntime(`runtime.info(${JSON.stringify(hostile)});\nruntime.info("plain line");`);
  expect(stdout).toContain("::set-env name=NODE_OPTIONS::--require=/tmp/evil.js");
  expect(stdout).toContain("plain line");
  expect(commandsTheRunnerWouldRun(stdout)).toEqual([]);
});

it("writes annotations with file and line, escaping newlines so a message cannot start a command", () => {
  const { stdout } = runWithRuntime(`runtime.error("bad\\n::set-env name=X::y", { file: ".relm.yml", line: 12, column: 3 });\nruntime.warning("careful");`);
  expect(commandsTheRunnerWouldRun(stdout)).toEqual(["::error file=.relm.yml,line=12,col=3::bad%0A::set-env name=X::y", "::warning::careful"]);
});

it("sets outputs through $GITHUB_OUTPUT, appends the step summary and masks secrets", () => {
  const { stdout, output, summary } = runWithRuntime(`runtime.setOutput("version", "1.2.0");\nruntime.setOutput("notes", "a\\nb");\nruntime.summary("## Plan");\nruntime.mask("s3cr3t");`);
  expect(output).toMatch(/^version<<ghadelimiter_[\w-]+\n1\.2\.0\n/);
  expect(output).toContain("\na\nb\n");
  expect(summary).toBe("## Plan\n");
  expect(commandsTheRunnerWouldRun(stdout)).toEqual(["::add-mask::s3cr3t"]);
});
