// Runs a GitHub Actions workflow file the way the runner does, job by job in `needs` order on a fresh
// workspace each: `${{ }}` expressions over needs/steps/secrets/github, `if:`, job outputs, relm's
// own actions (`uses: ./actions/…`) from their bundled dist/, `run:` steps in bash -eo pipefail, and
// stand-ins for the marketplace actions a release uses (checkout, setup-node, cache, upload/download
// artifact). What a step reaches beyond this machine is redirected by the test's shims on PATH, never
// by editing the workflow. A second call with the first run re-runs its failed jobs and their
// dependents, as "Re-run failed jobs" does, with the same run id and the kept jobs' outputs.
import { spawnSync } from "node:child_process";
import { cpSync, globSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { parse } from "yaml";
import { runBundledAction } from "./run-bundled-action.ts";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface StepRun {
  label: string;
  code: number | null;
  log: string;
  outputs: Record<string, string>;
}
export interface JobRun {
  result: "success" | "failure" | "skipped";
  outputs: Record<string, string>;
  steps: StepRun[];
  workspace: string;
}
export interface WorkflowRun {
  order: string[];
  jobs: Record<string, JobRun>;
}

export interface WorkflowOptions {
  file: string;
  /** The repository actions/checkout clones (a path or URL git can fetch). */
  origin: string;
  sha: string;
  api: { url: string; token: string; repository: string };
  runId: string;
  actor?: string;
  secrets?: Record<string, string>;
  /** Directories put first on PATH for `run:` steps (the test's shims). */
  path?: string[];
  /** Further variables for every step (what the test's shims read). */
  env?: Record<string, string>;
  /** Where actions/cache keeps entries between runs. */
  cacheDir: string;
  /** Called before each job starts (to assert what was public before it). */
  beforeJob?: (job: string) => void;
}

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Jobs in an order where each comes after everything it needs. */
export function jobOrder(jobs: Record<string, Job>): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`needs cycle: ${[...path, name].join(" -> ")}`);
    const job = jobs[name];
    if (!job) throw new Error(`job ${path.at(-1) ?? "?"} needs ${name}, which the workflow does not define`);
    for (const n of needsOf(job)) visit(n, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(jobs)) visit(name, []);
  return order;
}

type Context = Record<string, unknown>;

function lookup(path: string, context: Context): string {
  let at: unknown = context;
  for (const part of path.split(".")) at = typeof at === "object" && at !== null ? (at as Record<string, unknown>)[part] : undefined;
  if (at === undefined) {
    // The runner's value for an unset output or secret is the empty string; an unknown context is a mistake.
    if (/^(needs\.[\w-]+\.outputs|steps\.[\w-]+\.outputs|secrets)\./.test(path)) return "";
    throw new Error(`expression ${path}: unknown to this emulator`);
  }
  return String(at);
}

/** The expressions release workflows use: a context path, or a path compared with `==` to a string. */
export function evaluate(expression: string, context: Context): string {
  const e = expression.trim();
  const comparison = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(e);
  if (comparison?.[1] && comparison[2]) {
    const equal = lookup(comparison[1], context) === comparison[3];
    return String(comparison[2] === "==" ? equal : !equal);
  }
  if (/^[\w.-]+$/.test(e)) return lookup(e, context);
  throw new Error(`expression \${{ ${e} }}: only context paths and == / != against a string are emulated`);
}

const interpolate = (text: string, context: Context): string => text.replace(/\$\{\{(.*?)\}\}/g, (_m, e: string) => evaluate(e, context));
const interpolateAll = (values: Record<string, string> | undefined, context: Context): Record<string, string> =>
  Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), context)]));

function commonDir(files: string[]): string {
  const dirs = files.map((f) => dirname(f).split(sep));
  const first = dirs[0] ?? [];
  let n = 0;
  while (n < first.length && dirs.every((d) => d[n] === first[n])) n++;
  return first.slice(0, n).join(sep);
}

function git(args: string[], cwd: string): void {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

interface Runner {
  options: WorkflowOptions;
  artifacts: string;
  workspace: string;
  env: Record<string, string>;
  /** Values the log shows as ***: the secrets and what `::add-mask::` named. */
  masks: Set<string>;
}

/** The marketplace actions a release workflow uses, as the runner would leave the workspace. */
function marketplace(uses: string, inputs: Record<string, string>, r: Runner): StepRun {
  const [name] = uses.split("@");
  const label = uses;
  if (name === "actions/checkout") {
    git(["clone", "--quiet", "--no-checkout", r.options.origin, r.workspace], tmpdir());
    git(["checkout", "--quiet", "--detach", r.options.sha], r.workspace);
  } else if (name === "actions/setup-node") {
    // The tests run on the project's pinned Node, which is the version release.yml asks for.
    if (inputs["node-version"] !== process.versions.node.split(".")[0]) throw new Error(`setup-node ${inputs["node-version"] ?? "?"}: the emulator has Node ${process.versions.node}`);
  } else if (name === "actions/cache") {
    const stored = join(r.options.cacheDir, (inputs.key ?? "").replace(/[^\w.-]/g, "_"));
    for (const path of (inputs.path ?? "").split("\n").filter(Boolean)) {
      const from = join(stored, path);
      if (globSync(from).length === 0) continue;
      mkdirSync(dirname(join(r.workspace, path)), { recursive: true });
      cpSync(from, join(r.workspace, path), { recursive: true });
    }
    r.env.RELM_EMULATOR_CACHE_SAVE = JSON.stringify({ stored, paths: (inputs.path ?? "").split("\n").filter(Boolean) });
  } else if (name === "actions/upload-artifact") {
    const files = (inputs.path ?? "").split("\n").map((p) => p.trim()).filter(Boolean).flatMap((p) => globSync(p, { cwd: r.workspace }));
    if (files.length === 0) throw new Error(`upload-artifact ${inputs.name ?? ""}: no files match ${inputs.path ?? ""}`);
    const base = commonDir(files);
    for (const f of files) {
      const to = join(r.artifacts, inputs.name ?? "artifact", relative(base, f));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(r.workspace, f), to, { recursive: true });
    }
  } else if (name === "actions/download-artifact") {
    cpSync(join(r.artifacts, inputs.name ?? "artifact"), join(r.workspace, inputs.path ?? "."), { recursive: true });
  } else {
    throw new Error(`uses: ${uses}: not emulated`);
  }
  return { label, code: 0, log: "", outputs: {} };
}

function runScript(script: string, env: Record<string, string>, r: Runner): StepRun {
  const file = join(r.env.RUNNER_TEMP ?? tmpdir(), `step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(file, script);
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], { cwd: r.workspace, env: { ...r.env, ...env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { label: `run: ${script.split("\n")[0] ?? ""}`, code: run.status, log: `${run.stdout}${run.stderr}`, outputs: {} };
}

/** The log as the runner shows it: `::add-mask::` commands consumed, every masked value (and secret) as ***. */
function masked(log: string, masks: Set<string>): string {
  const lines = log.split("\n").filter((line) => {
    const command = /^::add-mask::(.+)$/.exec(line.trim());
    if (command?.[1]) masks.add(command[1]);
    return !command;
  });
  let text = lines.join("\n");
  for (const value of [...masks].sort((a, b) => b.length - a.length)) text = text.split(value).join("***");
  return text;
}

async function runJob(name: string, job: Job, context: Context, r: Runner): Promise<JobRun> {
  const steps: StepRun[] = [];
  const stepOutputs: Record<string, { outputs: Record<string, string> }> = {};
  const jobEnv = interpolateAll(job.env, context);
  for (const step of job.steps) {
    const ctx = { ...context, steps: stepOutputs, env: jobEnv };
    const env = { ...jobEnv, ...interpolateAll(step.env, ctx) };
    const inputs = interpolateAll(step.with, ctx);
    let run: StepRun;
    if (step.run !== undefined) run = runScript(interpolate(step.run, ctx), env, r);
    else if (step.uses?.startsWith("./actions/")) {
      const action = await runBundledAction({
        action: step.uses.slice("./actions/".length),
        inputs,
        workspace: r.workspace,
        api: r.options.api,
        sha: r.options.sha,
        runId: r.options.runId,
        actor: r.options.actor,
        env: { ...r.env, ...env },
      });
      run = { label: step.uses, code: action.code, log: `${action.stdout}${action.stderr}`, outputs: action.outputs };
    } else run = marketplace(step.uses ?? "", inputs, r);
    steps.push({ ...run, log: masked(run.log, r.masks), label: `${name}: ${step.name ?? run.label}` });
    if (step.id) stepOutputs[step.id] = { outputs: run.outputs };
    if (run.code !== 0) return { result: "failure", outputs: {}, steps, workspace: r.workspace };
  }
  const save = r.env.RELM_EMULATOR_CACHE_SAVE;
  if (save) {
    const { stored, paths } = JSON.parse(save) as { stored: string; paths: string[] };
    for (const path of paths) for (const f of globSync(path, { cwd: r.workspace })) {
      mkdirSync(dirname(join(stored, f)), { recursive: true });
      cpSync(join(r.workspace, f), join(stored, f), { recursive: true });
    }
  }
  return { result: "success", outputs: interpolateAll(job.outputs, { ...context, steps: stepOutputs }), steps, workspace: r.workspace };
}

export async function runWorkflow(options: WorkflowOptions, previous?: WorkflowRun): Promise<WorkflowRun> {
  const workflow = parse(readFileSync(options.file, "utf8")) as { jobs: Record<string, Job> };
  const order = jobOrder(workflow.jobs);
  const artifacts = previous ? join(dirname(previous.jobs[order[0] ?? ""]?.workspace ?? tmpdir()), "artifacts") : join(mkdtempSync(join(tmpdir(), "relm-workflow-")), "artifacts");
  mkdirSync(artifacts, { recursive: true });
  const jobs: Record<string, JobRun> = {};
  for (const name of order) {
    const job = workflow.jobs[name] as Job;
    const kept = previous?.jobs[name];
    const needs = needsOf(job);
    if (kept?.result === "success" && needs.every((n) => jobs[n] === previous?.jobs[n])) {
      jobs[name] = kept;
      continue;
    }
    const context: Context = {
      needs: Object.fromEntries(needs.map((n) => [n, { outputs: jobs[n]?.outputs ?? {}, result: jobs[n]?.result }])),
      secrets: { GITHUB_TOKEN: options.api.token, ...options.secrets },
      github: { token: options.api.token, actor: options.actor ?? "dev", sha: options.sha, repository: options.api.repository, run_id: options.runId },
    };
    if (needs.some((n) => jobs[n]?.result !== "success") || (job.if !== undefined && evaluate(job.if, context) !== "true")) {
      jobs[name] = { result: "skipped", outputs: {}, steps: [], workspace: "" };
      continue;
    }
    options.beforeJob?.(name);
    const workspace = join(dirname(artifacts), `${name}-${previous ? 2 : 1}`);
    const temp = mkdtempSync(join(tmpdir(), "relm-runner-temp-"));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...options.env,
      PATH: [...(options.path ?? []), process.env.PATH ?? ""].join(":"),
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_REPOSITORY: options.api.repository,
      GITHUB_SHA: options.sha,
      GITHUB_RUN_ID: options.runId,
      GITHUB_ACTOR: options.actor ?? "dev",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
    };
    const masks = new Set(Object.values(context.secrets as Record<string, string>).filter((v) => v.length > 0));
    jobs[name] = await runJob(name, job, context, { options, artifacts, workspace, env, masks });
  }
  return { order, jobs };
}
