// Writes the inputs tables of gitlab/README.md from the components' spec:inputs headers
// (between the `<!-- inputs:NAME -->` markers). `--check` fails when the README is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadSpecs, type ComponentSpec, type InputSpec } from "./gitlab-spec.ts";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function shown(input: InputSpec): string {
  if (input.default === undefined) return "(required)";
  if (input.default === "") return '`""`';
  return `\`${cell(typeof input.default === "string" ? input.default : JSON.stringify(input.default))}\``;
}

export function inputsTable(spec: ComponentSpec): string {
  const rows = spec.inputs.map((i) => {
    const allowed = i.options ? i.options.map((o) => `\`${o}\``).join(", ") : i.regex ? `\`${cell(i.regex)}\`` : "";
    return `| \`${i.name}\` | ${i.type} | ${shown(i)} | ${allowed} | ${cell(i.description)} |`;
  });
  return ["| input | type | default | allowed | description |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

/** The README with every marked table replaced by the one the template gives. */
export function renderReadme(root: string): { text: string; problems: string[] } {
  const { specs, problems } = loadSpecs(root);
  let text = readFileSync(join(root, "gitlab", "README.md"), "utf8");
  for (const spec of specs) {
    const re = new RegExp(`<!-- inputs:${spec.name} -->\\n[\\s\\S]*?<!-- /inputs:${spec.name} -->`);
    if (!re.test(text)) problems.push(`gitlab/README.md has no <!-- inputs:${spec.name} --> section`);
    text = text.replace(re, () => `<!-- inputs:${spec.name} -->\n${inputsTable(spec)}\n<!-- /inputs:${spec.name} -->`);
  }
  return { text, problems };
}

if (import.meta.main) {
  const root = join(import.meta.dirname, "..");
  const { text, problems } = renderReadme(root);
  if (problems.length > 0) {
    console.error(problems.join("\n"));
    process.exit(2);
  }
  const path = join(root, "gitlab", "README.md");
  if (process.argv.includes("--check")) {
    if (readFileSync(path, "utf8") !== text) {
      console.error("gitlab/README.md is stale: run `npm run gitlab:docs`");
      process.exit(1);
    }
  } else writeFileSync(path, text);
}
