// Runs an action's bundled dist/index.js the way the GitHub runner does: node 24, INPUT_* variables
// (name upper-cased, spaces as `_`, dashes kept), GITHUB_* variables, an event payload file,
// $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files; returns the exit code, log, outputs and summary.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gitIdentityEnv } from "./git-fixture.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface RunActionOptions {
  /** `actions/<name>/dist/index.js`, or the root action's when `root`. */
  action: string;
  inputs?: Record<string, string>;
  /** The checkout (GITHUB_WORKSPACE and the working directory). */
  workspace: string;
  api: { url: string; token: string; repository: string };
  event?: { name: string; payload: Record<string, unknown> };
  sha: string;
  ref?: string;
  runId?: string;
  actor?: string;
  env?: Record<string, string>;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses $GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIM` heredocs. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i] ?? "");
      out[heredoc[1]] = value.join("\n");
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

/** The runner's defaults from action.yml that a test does not override. */
function defaultsOf(actionYml: string): Record<string, string> {
  // Parsed loosely on purpose: the tests of action.yml itself use the yaml package.
  const defaults: Record<string, string> = {};
  const inputs = actionYml.split(/^outputs:/m)[0]?.split(/^inputs:/m)[1] ?? "";
  let current: string | undefined;
  for (const line of inputs.split("\n")) {
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name?.[1]) current = name[1];
    const def = /^ {4}default:\s*(.*)$/.exec(line);
    if (def && current) defaults[current] = (def[1] ?? "").replace(/^"(.*)"$/, "$1");
  }
  return defaults;
}

export async function runBundledAction(options: RunActionOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), "relm-runner-"));
  const outputFile = join(dir, "output");
  const summaryFile = join(dir, "summary");
  const eventFile = join(dir, "event.json");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(eventFile, JSON.stringify(options.event?.payload ?? {}));
  const actionDir = options.action === "root" ? root : join(root, "actions", options.action);
  // RELM_ACTIONS_DIST: a directory of fresh bundles (<action>/index.js), to run the sources the
  // runner's way before `npm run bundle` rewrites the committed dist/.
  const bundles = process.env.RELM_ACTIONS_DIST;
  const bundled = options.action === "root" ? "release" : options.action;
  const main = bundles ? join(bundles, bundled, "index.js") : join(root, "actions", bundled, "dist", "index.js");
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaultsOf(readFileSync(join(actionDir, "action.yml"), "utf8")), ...options.inputs })) {
    // What the runner evaluates `${{ github.token }}` to.
    const evaluated = value === "${{ github.token }}" ? options.api.token : value;
    inputs[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = evaluated;
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dir,
    ...gitIdentityEnv,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_API_URL: options.api.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: options.api.repository,
    GITHUB_SHA: options.sha,
    GITHUB_REF: options.ref ?? "refs/heads/main",
    GITHUB_EVENT_NAME: options.event?.name ?? "push",
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_RUN_ID: options.runId ?? "1001",
    GITHUB_ACTOR: options.actor ?? "dev",
    GITHUB_TRIGGERING_ACTOR: options.actor ?? "dev",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...inputs,
    ...options.env,
  };
  // Asynchronous on purpose: the fake GitHub answers from this same process.
  const child = spawn(process.execPath, [main], { cwd: options.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr, outputs: parseOutputFile(readFileSync(outputFile, "utf8")), summary: readFileSync(summaryFile, "utf8") };
}

/** Reads a log the way the runner does: the lines it would run as workflow commands. */
export function workflowCommands(log: string): string[] {
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
