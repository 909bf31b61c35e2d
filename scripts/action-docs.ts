// Writes each action's README.md from its action.yml (inputs and outputs tables, usage, permissions).
// `npm run action-docs` rewrites them; `npm run action-docs -- --check` fails when one is stale.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { parse } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));

interface ActionYaml {
  name: string;
  description: string;
  inputs?: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description: string }>;
}

export interface ActionDoc {
  /** Folder of action.yml, relative to the repository root ("" for the root action). */
  dir: string;
  /** Where its README goes. */
  readme: string;
  uses: string;
  /** The least `permissions:` the job needs. */
  permissions: Record<string, string>;
  example: Record<string, string>;
  notes?: string;
}

export const actionDocs: ActionDoc[] = [
  { dir: "actions/plan", readme: "actions/plan/README.md", uses: "relm-dev/relm/actions/plan@v1", permissions: { contents: "read" }, example: {}, notes: "`plan` only reads: it works with a read-only token, e.g. on pull requests from forks." },
  { dir: "actions/gate", readme: "actions/gate/README.md", uses: "relm-dev/relm/actions/gate@v1", permissions: { contents: "read", checks: "read", statuses: "read", deployments: "read" }, example: { environment: "production" } },
  {
    dir: "actions/pr",
    readme: "actions/pr/README.md",
    uses: "relm-dev/relm/actions/pr@v1",
    permissions: { contents: "write", "pull-requests": "write", issues: "write" },
    example: {},
    notes: [
      "Run it on every push to the base branch (`on: push: branches: [main]`): it keeps one release PR, `relm/release-main`, whose one commit on the base head holds the versions, changelog sections and extra files `relm prepare` would write. The commit is made with GraphQL's `createCommitOnBranch`, so GitHub signs it (\"Verified\") and rulesets that require signed commits accept it; `commit-via: git-data` makes it unsigned through the Git Data API instead. Merging the PR is the release: run the tag step on the push that the merge makes, and the PR gets the label `relm: tagged` in place of `relm: pending`.",
      "",
      "A PR opened with `github.token` starts no `pull_request` workflows (GitHub's rule against recursive runs); pass a GitHub App token as `token` when the release PR must run checks. See [docs/release-pr.md](../../docs/release-pr.md).",
    ].join("\n"),
  },
  { dir: "actions/tag", readme: "actions/tag/README.md", uses: "relm-dev/relm/actions/tag@v1", permissions: { contents: "write", actions: "read" }, example: { "floating-tag": "true" }, notes: "Run it in the job whose `environment:` has the CAB as required reviewers: when the policy asks for a sign-off, the step judges this run's approvals again itself and tags nothing without a valid one (`RELM_SIGN_OFF_INVALID`). The tag and the release are created through the API, so a protected branch needs no push. Re-running after a failure completes the release: an existing tag on the same commit is kept, an existing release is updated. A release merged from a release PR (`relm pr`, the pr action) marks that PR `relm: tagged` in place of `relm: pending` when the token also has `pull-requests: read` and `issues: write`; without them the step only says so." },
  { dir: "actions/approve", readme: "actions/approve/README.md", uses: "relm-dev/relm/actions/approve@v1", permissions: { contents: "read", actions: "read", issues: "write (change-request mode only)" }, example: { environment: "production" }, notes: "Run the job with `environment: production` so that GitHub asks the environment's required reviewers (the CAB) before the job starts. Team membership (`org/team` in the CAB rule) needs a token that may read the organization's teams (a GitHub App installation token with members read); `github.token` cannot." },
  { dir: "actions/publish", readme: "actions/publish/README.md", uses: "relm-dev/relm/actions/publish@v1", permissions: { contents: "write (github-release registry; read otherwise)", actions: "read" }, example: { artifacts: "dist/app.tgz" }, notes: "Run it in the job whose `environment:` has the CAB as required reviewers, after `approve`: the step judges the sign-off again from GitHub and records GitHub's word, never the `approvals` text; without a valid sign-off it publishes nothing. Every release gets its provenance statement (`provenance.intoto.json`, in-toto with a SLSA provenance v1 predicate) in the registry; `attest: true` also signs it as a GitHub attestation and needs `id-token: write` and `attestations: write` besides (see docs/registry.md#provenance)." },
  {
    dir: "actions/report",
    readme: "actions/report/README.md",
    uses: "relm-dev/relm/actions/report@v1",
    permissions: { contents: "read" },
    example: { since: "90d" },
    notes: [
      "`report` only reads the registry. The text report goes to the job summary (in a fenced block, so no text from a record is read as Markdown), the figures to the outputs, and the HTML page with its charts to `html-path`; keep the page as an artifact of the run:",
      "",
      "```yaml",
      "steps:",
      "  - uses: actions/checkout@v5",
      "  - id: report",
      "    uses: relm-dev/relm/actions/report@v1",
      "  - uses: actions/upload-artifact@v4",
      "    with:",
      "      name: relm-report",
      "      path: ${{ steps.report.outputs.html-path }}",
      "```",
      "",
      "A `file:` registry must be in the checkout (or restored before the step); an `oci://` or `github-release:` registry is read where it is. See [docs/report.md](../../docs/report.md) for how each figure is computed.",
    ].join("\n"),
  },
  { dir: "", readme: "actions/release/README.md", uses: "relm-dev/relm@v1", permissions: { contents: "write", checks: "read", statuses: "read", deployments: "read", actions: "read", issues: "write (change-request mode and step pr only)", "pull-requests": "write (step pr only)" }, example: { environment: "production" }, notes: "`step: release` runs gate, plan, tag, approve and publish in order; `step: plan` (or any other step) runs just that one with the permissions of that step." },
];

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim();

export function renderReadme(doc: ActionDoc): string {
  const action = parse(readFileSync(join(root, doc.dir, "action.yml"), "utf8")) as ActionYaml;
  const inputs = Object.entries(action.inputs ?? {});
  const outputs = Object.entries(action.outputs ?? {});
  const example = Object.entries(doc.example);
  const lines = [
    `# ${action.name}`,
    "",
    "<!-- Generated from action.yml by scripts/action-docs.ts (npm run action-docs). Do not edit. -->",
    "",
    action.description,
    "",
    "## Usage",
    "",
    "```yaml",
    "permissions:",
    ...Object.entries(doc.permissions).map(([k, v]) => `  ${k}: ${v.split(" ")[0] ?? v}`),
    "steps:",
    "  - uses: actions/checkout@v5",
    "    with:",
    "      fetch-depth: 0",
    `  - uses: ${doc.uses}`,
    ...(example.length ? ["    with:", ...example.map(([k, v]) => `      ${k}: ${v}`)] : []),
    "```",
    "",
    "## Permissions",
    "",
    "The least the job's token needs:",
    "",
    ...Object.entries(doc.permissions).map(([k, v]) => `- \`${k}: ${v.split(" ")[0] ?? v}\`${v.includes(" ") ? ` ${v.slice(v.indexOf(" ") + 1)}` : ""}`),
    ...(doc.notes ? ["", doc.notes] : []),
    "",
    "## Inputs",
    "",
    "| name | description | default | required |",
    "| --- | --- | --- | --- |",
    ...inputs.map(([name, i]) => `| \`${name}\` | ${cell(i.description)} | ${i.default === undefined || i.default === "" ? "" : `\`${cell(i.default)}\``} | ${i.required ? "yes" : "no"} |`),
    "",
    "## Outputs",
    "",
    "| name | description |",
    "| --- | --- |",
    ...outputs.map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`),
    "",
  ];
  return lines.join("\n");
}

if (import.meta.main) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const doc of actionDocs) {
    const file = join(root, doc.readme);
    const text = renderReadme(doc);
    const current = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (current === text) continue;
    if (check) stale.push(doc.readme);
    else writeFileSync(file, text);
  }
  if (stale.length > 0) {
    console.error(`stale: ${stale.join(", ")}; run npm run action-docs`);
    process.exit(1);
  }
}
