// `npm run gitlab:components -- OUT [--version X]`: the GitLab component project relm-dev/relm-components
// as the release pushes it. GitLab's CI/CD catalog lists a project's components only from templates/
// at its root, with a README; so the project is templates/ byte for byte, the components' README,
// the LICENSE, and a pipeline that includes every component at its own commit (each one must load;
// the plan component runs) and, on a tag X.Y.Z, creates the release the catalog publishes.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadSpecs } from "./gitlab-spec.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The version the components are released as: the CLI package's, which the release sets. */
export function relmVersion(): string {
  return (JSON.parse(readFileSync(join(root, "packages", "cli", "package.json"), "utf8")) as { version: string }).version;
}

export const componentNames = (): string[] =>
  readdirSync(join(root, "templates"))
    .filter((f) => f.endsWith(".yml"))
    .map((f) => f.replace(/\.yml$/, ""))
    .sort();

/** Each component's inputs that have no default (GitLab refuses an include without them), with a value that loads. */
function requiredInputs(): Map<string, string[]> {
  const required = new Map<string, string[]>();
  // A string takes the first sample its pattern allows: a plan file, or a name (an environment).
  const sample = (regex: string | undefined) => ["relm-out/plan.json", "production"].find((v) => regex === undefined || new RegExp(regex).test(v)) ?? "production";
  for (const spec of loadSpecs(root).specs) required.set(spec.name, spec.inputs.filter((i) => i.default === undefined).map((i) => `      ${i.name}: ${i.type === "number" ? "1" : i.type === "boolean" ? "false" : i.type === "array" ? "[]" : sample(i.regex)}`));
  return required;
}

// Every default stage of the components: GitLab rejects a job, even one that never runs, whose stage is not declared.
const STAGES = ["build", "test", "deploy", "release"];

/** The component project's own pipeline, for the components at `version`. */
export function componentPipeline(version: string, names = componentNames()): string {
  const required = requiredInputs();
  const includes = names.flatMap((name) => [
    `  - component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/${name}@$CI_COMMIT_SHA`,
    "    inputs:",
    // relm's image of this release: at a commit, component.version names no image.
    `      image: ghcr.io/relm-dev/relm:${version}`,
    name === "plan" ? "      rules: [{if: '$CI_COMMIT_TAG', when: never}, {when: on_success}]" : "      rules: [{when: never}]",
    ...(required.get(name) ?? []),
  ]);
  return [
    `# relm's GitLab CI/CD components ${version}, generated from relm-dev/relm at v${version}: change them there.`,
    "# A commit's pipeline includes every component at that commit (each must load, and the plan",
    "# component runs relm plan); a tag X.Y.Z creates the release that the CI/CD catalog publishes.",
    `stages: [${STAGES.join(", ")}]`,
    "",
    "include:",
    ...includes,
    "",
    "catalog-release:",
    "  stage: release",
    "  # GitLab's own release tool, as its CI/CD catalog documentation uses it.",
    "  image: registry.gitlab.com/gitlab-org/cli:latest",
    "  rules:",
    "    - if: $CI_COMMIT_TAG =~ /^\\d+\\.\\d+\\.\\d+$/",
    "  script:",
    '    - echo "relm components $CI_COMMIT_TAG"',
    "  release:",
    "    tag_name: $CI_COMMIT_TAG",
    '    description: "relm $CI_COMMIT_TAG: see https://github.com/relm-dev/relm/releases/tag/v$CI_COMMIT_TAG"',
    "",
  ].join("\n");
}

/** Writes the component project into `out` (emptied first, its .git kept); returns the files written. */
export function writeComponentProject(out: string, version = relmVersion()): string[] {
  mkdirSync(out, { recursive: true });
  for (const entry of readdirSync(out)) if (entry !== ".git") rmSync(join(out, entry), { recursive: true, force: true });
  cpSync(join(root, "templates"), join(out, "templates"), { recursive: true });
  cpSync(join(root, "LICENSE"), join(out, "LICENSE"));
  cpSync(join(root, "gitlab", "README.md"), join(out, "README.md"));
  writeFileSync(join(out, ".gitlab-ci.yml"), componentPipeline(version));
  return [".gitlab-ci.yml", "LICENSE", "README.md", ...componentNames().map((n) => `templates/${n}.yml`)];
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--version");
  const version = at >= 0 ? args[at + 1] : relmVersion();
  const out = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--version");
  if (!out || !version || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) {
    console.error("usage: npm run gitlab:components -- OUT [--version X.Y.Z]  (OUT: the directory to write; X.Y.Z: default the relm package's version)");
    process.exit(2);
  }
  const files = writeComponentProject(resolve(out), version);
  console.log(`wrote the component project ${version} to ${out}: ${files.join(", ")}`);
}
