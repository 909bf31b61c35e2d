// The GitLab components: GitLab's rules for spec:inputs (checked here, since gitlab-ci-local accepts
// keys GitLab rejects), the generated README tables, and GitLab's CI schema via gitlab-ci-local.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { checkSpec, loadSpecs } from "../scripts/gitlab-spec.ts";
import { renderReadme } from "../scripts/gitlab-docs.ts";
import { writePipelineAtHead } from "./support/components-at.ts";
import { createGitFixture } from "./support/git-fixture.ts";

const root = join(import.meta.dirname, "..");
const run = promisify(execFile);
const gcl = join(root, "node_modules", "gitlab-ci-local", "dist", "index.js");

describe("component headers", () => {
  it("every template passes GitLab's spec:inputs rules and has the common inputs", () => {
    const { specs, problems } = loadSpecs(root);
    expect(problems).toEqual([]);
    expect(specs.map((s) => s.name)).toEqual(["approve", "backout", "deploy", "gate", "plan", "pr", "publish", "release", "report", "rollout", "tag"]);
    for (const spec of specs) {
      expect(Object.keys(spec.body)).toEqual(["$[[ inputs.job_name ]]"]);
      for (const i of spec.inputs) expect(i.description.length, `${spec.name}.${i.name}`).toBeGreaterThan(10);
    }
    const approve = specs.find((s) => s.name === "approve");
    expect(approve?.inputs.find((i) => i.name === "approval_mode")?.options).toEqual(["auto", "deployment", "manual-job", "change-request"]);
  });

  it("rejects what GitLab rejects", () => {
    const bad = `spec:
  inputs:
    job_name: { type: string, description: the job name, default: x, required: true }
    stage: { type: boolean, description: the stage to run in, options: [a] }
    rules: { type: number, description: rules of the job, regex: ^a$ }
    image: { type: string, description: image to run in, default: b, options: [a, c] }
    npx: { type: string, description: the version, default: "1", regex: "^[a-z]+$" }
    "bad name": { type: string, description: a bad name }
    relm_command: { type: text, description: the command }
---
stages: [x]
"$[[ inputs.job_name ]]":
  stage: $[[ inputs.stage ]]
  script: ["$[[ inputs.nope ]]", echo a: b]
`;
    const { problems } = checkSpec("bad.yml", bad);
    expect(problems).toEqual([
      "bad.yml: job_name: unknown key required (GitLab allows type, description, default, options, regex)",
      "bad.yml: stage: options are only for string and number inputs",
      "bad.yml: stage: every option must be a boolean",
      "bad.yml: rules: regex is only for string inputs",
      'bad.yml: image: default "b" is not one of the options',
      'bad.yml: npx: default "1" does not match regex ^[a-z]+$',
      "bad.yml: bad name: input names may use only letters, digits, - and _",
      "bad.yml: relm_command: type must be one of string, number, boolean, array",
      "bad.yml: global keyword `stages` in a component",
      "bad.yml: $[[ inputs.job_name ]] script line 2 is not a string (quote it)",
      "bad.yml: input rules is never used",
      "bad.yml: input image is never used",
      "bad.yml: input npx is never used",
      "bad.yml: input bad name is never used",
      "bad.yml: uses undeclared input nope",
      "bad.yml: must have the relm_command input",
    ]);
  });

  it("gitlab/README.md has the inputs tables the templates give (npm run gitlab:docs)", () => {
    const { text, problems } = renderReadme(root);
    expect(problems).toEqual([]);
    expect(readFileSync(join(root, "gitlab", "README.md"), "utf8")).toBe(text);
    expect(text).toContain("| `approval_mode` | string | `auto` | `auto`, `deployment`, `manual-job`, `change-request` |");
  });
});

describe("GitLab's CI schema (gitlab-ci-local --list)", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function list(ciYaml: string, templates: Record<string, string> = {}, mode = "--list"): Promise<{ ok: boolean; out: string }> {
    const repo = createGitFixture();
    dirs.push(repo.dir);
    cpSync(join(root, "templates"), join(repo.dir, "templates"), { recursive: true });
    for (const [name, text] of Object.entries(templates)) writeFileSync(join(repo.dir, "templates", name), text);
    repo.git("remote", "add", "origin", "https://gitlab.invalid/acme/app.git");
    repo.git("add", "-A");
    repo.git("commit", "-q", "-m", "ci: the components");
    writePipelineAtHead(repo, ciYaml, "acme/app");
    const home = mkdtempSync(join(tmpdir(), "relm-gcl-home-"));
    dirs.push(home);
    try {
      const { stdout, stderr } = await run(process.execPath, [gcl, mode, "--home", home], { cwd: repo.dir, env: { ...process.env, HOME: home } });
      return { ok: true, out: stdout + stderr };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
    }
  }

  it("every template, included with inputs, validates and adds its one job", async () => {
    const { ok, out } = await list(`stages: [test, build, deploy]
include:
  - local: templates/gate.yml
    inputs: { environment: staging, job_name: gate-staging }
  - local: templates/plan.yml
  - local: templates/pr.yml
    inputs: { base: main }
  - local: templates/tag.yml
    inputs: { milestones: "1.0" }
  - local: templates/approve.yml
    inputs: { approval_mode: change-request, change_request_issue: 12 }
  - local: templates/publish.yml
    inputs: { artifacts: dist/app.tgz }
  - local: templates/release.yml
    inputs: { rules: [{ when: manual }], job_name: release-all }
  - local: templates/report.yml
    inputs: { since: 12w, environment: staging }
`);
    expect(out).toContain("json schema validated");
    expect(ok).toBe(true);
    for (const job of ["gate-staging", "relm-plan", "relm-pr", "relm-tag", "relm-approve", "relm-publish", "release-all", "relm-report"]) expect(out).toContain(job);
    expect(out).toMatch(/relm-report\s+\.post\s+on_success/);
    expect(out).toMatch(/relm-approve\s+deploy\s+manual/);
  });

  it("the README's whole-release pipeline validates, with the catalog includes pointed at the templates", async () => {
    const readme = readFileSync(join(root, "gitlab", "README.md"), "utf8");
    const block = /## A whole release\n\n```yaml\n([^]*?)```/.exec(readme)?.[1] ?? "";
    const local = block.replace(/component: \$CI_SERVER_FQDN\/relm-dev\/relm-components\/([a-z]+)@1\.0\.0/g, "local: templates/$1.yml");
    expect(local).toContain("local: templates/publish.yml");
    const { ok, out } = await list(local);
    expect(out, out).toContain("json schema validated");
    expect(ok).toBe(true);
    expect(out).toMatch(/relm-approve\s+approve\s+manual/);
    expect(out).toMatch(/relm-publish\s+publish\s+on_success/);
  });

  it("docs/release-pr.md's GitLab pipeline validates: relm pr on pushes, the release on the merge of the release MR", async () => {
    const doc = readFileSync(join(root, "docs", "release-pr.md"), "utf8");
    const section = doc.slice(doc.indexOf("### The pipeline"), doc.indexOf("## Errors"));
    const [components, byHand] = [...section.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1] ?? "");
    const local = (components ?? "").replace(/component: \$CI_SERVER_FQDN\/relm-dev\/relm-components\/([a-z]+)@1\.0\.0/g, "local: templates/$1.yml");
    expect(local).toContain("local: templates/pr.yml");
    const included = await list(local, {}, "--list-all");
    expect(included.out, included.out).toContain("json schema validated");
    expect(included.ok).toBe(true);
    expect(included.out).toMatch(/relm-pr\s+build/);
    expect(included.out).toMatch(/relm-release\s+release/);
    const plain = await list(byHand ?? "", {}, "--list-all");
    expect(plain.out, plain.out).toContain("json schema validated");
    expect(plain.ok).toBe(true);
    expect(plain.out).toMatch(/release-mr\s+build/);
  });

  it("a template GitLab's schema rejects fails the check", async () => {
    const broken = readFileSync(join(root, "templates", "plan.yml"), "utf8").replace("  artifacts:\n", "  artifactz: {}\n  artifacts:\n");
    const { ok, out } = await list(`stages: [build]\ninclude:\n  - local: templates/plan.yml\n`, { "plan.yml": broken });
    expect(ok).toBe(false);
    expect(out).toContain("artifactz");
  });

  it("pins every default to the component's own version: relm's image at it, or npx of it; nothing follows latest", async () => {
    for (const spec of loadSpecs(root).specs) expect(readFileSync(join(root, "templates", `${spec.name}.yml`), "utf8"), spec.name).not.toMatch(/latest/);
    const { ok, out } = await list(`stages: [build]\ninclude:\n  - local: templates/plan.yml\n  - local: templates/tag.yml\n    inputs: { npx: true, stage: build }\n`, {}, "--preview");
    expect(ok, out).toBe(true);
    const sha = /relm-dev\/relm:([0-9a-f]{40})/.exec(out)?.[1] ?? "";
    expect(sha, out).toMatch(/^[0-9a-f]{40}$/);
    expect(out).toContain(`RELM_COMPONENT_VERSION: ${sha}`);
    expect(out).toMatch(/image:\s+name: \$RELM_IMAGE/);
    expect(out).toMatch(/relm-plan:[^]*RELM_NPX: ["']?false/);
    expect(out).toMatch(/relm-tag:[^]*RELM_NPX: ["']?true/);
  });
});
