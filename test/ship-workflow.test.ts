// relm releases itself with its own actions: the release workflow parses, passes actionlint, uses
// only actions and scripts this checkout has, and keeps everything public behind the CAB sign-off.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lintWorkflow } from "../scripts/lint-workflows.ts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "./support/replay.ts";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  steps: Step[];
}
interface Workflow {
  on: unknown;
  jobs: Record<string, Job>;
}

const file = ".github/workflows/release.yml";
const text = readFileSync(join(repoRoot, file), "utf8");
const workflow = parse(text) as Workflow;
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
/** Every job `name` waits for, directly or through others. */
function upstream(name: string, seen = new Set<string>()): Set<string> {
  for (const n of needsOf(workflow.jobs[name] ?? { steps: [] })) if (!seen.has(n)) upstream(n, seen.add(n));
  return seen;
}
const steps = Object.entries(workflow.jobs).flatMap(([job, j]) => j.steps.map((s, index) => ({ job, index, ...s })));

describe(file, () => {
  it("passes actionlint", async () => {
    expect(await lintWorkflow({ where: file, firstLine: 1, text })).toEqual([]);
  });

  it("uses relm's own actions from the checkout, and every local action and script it names exists", () => {
    const local = steps.filter((s) => s.uses?.startsWith("./")).map((s) => s.uses ?? "");
    expect(new Set(local)).toEqual(new Set(["./actions/gate", "./actions/plan", "./actions/approve", "./actions/tag", "./actions/publish"]));
    for (const uses of local) expect(existsSync(join(repoRoot, uses, "action.yml")), uses).toBe(true);
    const scripts = steps.flatMap((s) => [...(s.run ?? "").matchAll(/scripts\/[\w.-]+/g)].map((m) => m[0]));
    expect(scripts).toContain("scripts/build-image.sh");
    for (const script of scripts) expect(existsSync(join(repoRoot, script)), script).toBe(true);
    const npmScripts = Object.keys((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
    const named = steps.flatMap((s) => [...(s.run ?? "").matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect(named).toContain("gitlab:push-components");
    for (const n of named) expect(npmScripts, `npm run ${n}`).toContain(n);
    for (const n of Object.values(workflow.jobs).flatMap(needsOf)) expect(Object.keys(workflow.jobs)).toContain(n);
  });

  it("tags, pushes and publishes only after the CAB sign-off, and moves the floating major tag", () => {
    const approve = steps.find((s) => s.uses === "./actions/approve");
    expect(workflow.jobs[approve?.job ?? ""]?.environment).toBe("release");
    const publicSteps = steps.filter((s) => s.uses === "./actions/tag" || s.uses === "./actions/publish" || /npm publish|skopeo copy|gitlab:push-components/.test(s.run ?? ""));
    expect(publicSteps.length).toBeGreaterThanOrEqual(5);
    // After the approve step in its job (the environment's reviewers are the CAB), or in a job after that one.
    for (const s of publicSteps) {
      const after = s.job === approve?.job ? s.index > (approve?.index ?? Infinity) : upstream(s.job).has(approve?.job ?? "");
      expect(after, `${s.job}: ${s.uses ?? s.run}`).toBe(true);
    }
    expect(steps.find((s) => s.uses === "./actions/tag")?.with?.["floating-tag"]).toBe("true");
    expect(steps.some((s) => /npm publish --provenance/.test(s.run ?? ""))).toBe(true);
  });

  it("keeps no token in any checkout, so install scripts never find a write credential on disk", () => {
    const checkouts = steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkouts.length).toBeGreaterThanOrEqual(3);
    for (const c of checkouts) expect(c.with?.["persist-credentials"], c.job).toBe(false);
  });

  it("passes the planned version to shell steps through env, never spliced into the script", () => {
    for (const s of steps) expect(s.run ?? "", s.job).not.toMatch(/\$\{\{/);
  });
});
