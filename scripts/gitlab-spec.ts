// Reads the `spec: inputs:` header of a GitLab CI/CD component and checks it against GitLab's own
// rules, because gitlab-ci-local accepts keys GitLab rejects (docs.gitlab.com/ci/inputs).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

export type InputType = "string" | "number" | "boolean" | "array";

export interface InputSpec {
  name: string;
  type: InputType;
  description: string;
  default?: unknown;
  options?: (string | number)[];
  regex?: string;
}

export interface ComponentSpec {
  file: string;
  name: string;
  inputs: InputSpec[];
  /** The job section (after `---`). */
  body: Record<string, unknown>;
}

const ALLOWED_KEYS = new Set(["type", "description", "default", "options", "regex"]);
const TYPES = new Set<string>(["string", "number", "boolean", "array"]);
/** Input names GitLab accepts: letters, digits, `-` and `_`. */
const NAME = /^[a-zA-Z0-9_-]+$/;
const MAX_OPTIONS = 50;
/** Keywords that would leak out of an included component into the whole pipeline. */
export const GLOBAL_KEYWORDS = ["default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script"];

function typeOf(value: unknown): InputType | "other" {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "array";
  return "other";
}

/** GitLab writes regex as `/…/` or bare; both mean the same pattern. */
function compile(regex: string): RegExp {
  const m = /^\/(.*)\/$/.exec(regex);
  return new RegExp(m ? (m[1] ?? "") : regex);
}

/** Every problem with one component's header, as `file: input: problem` lines. */
export function checkSpec(file: string, text: string): { spec?: ComponentSpec; problems: string[] } {
  const problems: string[] = [];
  const docs = parseAllDocuments(text);
  if (docs.length !== 2) return { problems: [`${file}: expected a spec header, \`---\` and the jobs (2 YAML documents), found ${docs.length}`] };
  for (const d of docs) for (const e of d.errors) problems.push(`${file}: ${e.message}`);
  const header = docs[0]?.toJS() as { spec?: { inputs?: Record<string, unknown> } } | null;
  const body = (docs[1]?.toJS() ?? {}) as Record<string, unknown>;
  const keys = Object.keys(header ?? {});
  if (keys.join() !== "spec") problems.push(`${file}: the header may hold only \`spec\`, found ${keys.join(", ") || "nothing"}`);
  const rawInputs = header?.spec?.inputs;
  if (!rawInputs || typeof rawInputs !== "object") return { problems: [...problems, `${file}: spec.inputs is missing`] };
  const inputs: InputSpec[] = [];
  for (const [name, raw] of Object.entries(rawInputs)) {
    const where = `${file}: ${name}`;
    if (!NAME.test(name)) problems.push(`${where}: input names may use only letters, digits, - and _`);
    if (!raw || typeof raw !== "object") {
      problems.push(`${where}: needs type and description`);
      continue;
    }
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!ALLOWED_KEYS.has(k)) problems.push(`${where}: unknown key ${k} (GitLab allows ${[...ALLOWED_KEYS].join(", ")})`);
    const type = r.type;
    if (typeof type !== "string" || !TYPES.has(type)) {
      problems.push(`${where}: type must be one of string, number, boolean, array`);
      continue;
    }
    if (typeof r.description !== "string" || r.description.trim() === "") problems.push(`${where}: needs a description`);
    if (r.options !== undefined) {
      if (type !== "string" && type !== "number") problems.push(`${where}: options are only for string and number inputs`);
      if (!Array.isArray(r.options) || r.options.length === 0) problems.push(`${where}: options must be a non-empty list`);
      else {
        if (r.options.length > MAX_OPTIONS) problems.push(`${where}: at most ${MAX_OPTIONS} options`);
        if (r.options.some((o) => typeOf(o) !== type)) problems.push(`${where}: every option must be a ${type}`);
        if (r.default !== undefined && !r.options.includes(r.default as string | number)) problems.push(`${where}: default ${JSON.stringify(r.default)} is not one of the options`);
      }
    }
    if (r.regex !== undefined) {
      if (type !== "string") problems.push(`${where}: regex is only for string inputs`);
      if (typeof r.regex !== "string") problems.push(`${where}: regex must be a string`);
      else {
        try {
          const re = compile(r.regex);
          if (typeof r.default === "string" && !re.test(r.default)) problems.push(`${where}: default ${JSON.stringify(r.default)} does not match regex ${r.regex}`);
        } catch {
          problems.push(`${where}: regex ${r.regex} does not compile`);
        }
      }
    }
    if (r.default !== undefined && r.default !== null && typeOf(r.default) !== type) problems.push(`${where}: default is a ${typeOf(r.default)}, not a ${type}`);
    inputs.push({
      name,
      type: type as InputType,
      description: typeof r.description === "string" ? r.description.trim() : "",
      ...(r.default === undefined ? {} : { default: r.default }),
      ...(Array.isArray(r.options) ? { options: r.options as (string | number)[] } : {}),
      ...(typeof r.regex === "string" ? { regex: r.regex } : {}),
    });
  }
  for (const k of GLOBAL_KEYWORDS) if (k in body) problems.push(`${file}: global keyword \`${k}\` in a component`);
  // A `: ` inside an unquoted script line turns it into a mapping, which GitLab rejects.
  for (const [job, def] of Object.entries(body)) {
    const script = (def as { script?: unknown }).script;
    if (Array.isArray(script)) script.forEach((line, i) => typeof line !== "string" && problems.push(`${file}: ${job} script line ${i + 1} is not a string (quote it)`));
  }
  // Every input is used, every use names an input.
  const used = new Set([...text.split("\n---")[1]?.matchAll(/\$\[\[\s*inputs\.([a-zA-Z0-9_-]+)/g) ?? []].map((m) => m[1]));
  for (const i of inputs) if (!used.has(i.name)) problems.push(`${file}: input ${i.name} is never used`);
  for (const u of used) if (u && !inputs.some((i) => i.name === u)) problems.push(`${file}: uses undeclared input ${u}`);
  for (const need of ["job_name", "stage", "rules", "image", "npx", "relm_command"]) if (!inputs.some((i) => i.name === need)) problems.push(`${file}: must have the ${need} input`);
  const name = file.replace(/^.*\//, "").replace(/\.yml$/, "");
  return { spec: { file, name, inputs, body }, problems };
}

export function templatesDir(root: string): string {
  return join(root, "templates");
}

export function loadSpecs(root: string): { specs: ComponentSpec[]; problems: string[] } {
  const dir = templatesDir(root);
  const specs: ComponentSpec[] = [];
  const problems: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".yml")).sort()) {
    const out = checkSpec(`templates/${f}`, readFileSync(join(dir, f), "utf8"));
    if (out.spec) specs.push(out.spec);
    problems.push(...out.problems);
  }
  return { specs, problems };
}
