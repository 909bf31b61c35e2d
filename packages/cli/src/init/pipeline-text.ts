import type { InitForge } from "./init-forge.ts";

export interface PipelineInput {
  forge: InitForge;
  version: string;
  branch: string;
}

const quoted = (text: string): string => JSON.stringify(text);

function githubWorkflow({ version, branch }: PipelineInput): string {
  return [
    `# relm: gate, plan, CAB sign-off, tag and publish. Written by relm init ${version}; relm's actions`,
    `# are pinned to v${version} (a commit SHA pins them harder; @v${version.split(".")[0] ?? "1"} follows that major line).`,
    "name: release",
    "",
    "on:",
    "  pull_request:",
    "  push:",
    `    branches: [${quoted(branch)}]`,
    "",
    "permissions:",
    "  contents: read",
    "",
    "jobs:",
    "  plan:",
    "    # A pull request's next version and notes, in the job summary; no write token.",
    "    if: github.event_name == 'pull_request'",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v5",
    "        with:",
    "          fetch-depth: 0",
    "          persist-credentials: false",
    `      - uses: relm-dev/relm/actions/plan@v${version}`,
    "",
    "  release:",
    "    if: github.event_name == 'push'",
    "    runs-on: ubuntu-latest",
    "    # The CAB: the required reviewers of this environment (Settings, Environments). GitHub asks them",
    "    # before this job starts, so nothing is tagged, released or recorded before they approve.",
    "    environment: production",
    "    concurrency: release",
    "    permissions:",
    "      contents: write",
    "      checks: read",
    "      statuses: read",
    "      deployments: read",
    "      actions: read",
    "      pull-requests: read",
    "    steps:",
    "      - uses: actions/checkout@v5",
    "        with:",
    "          fetch-depth: 0",
    "          persist-credentials: false",
    `      - uses: relm-dev/relm@v${version}`,
    "        with:",
    "          step: release",
    "          environment: production",
    "",
  ].join("\n");
}

/** The `include:` lines alone: what a project with its own .gitlab-ci.yml adds to it. */
export function gitlabIncludeLines(version: string): string[] {
  return [
    "include:",
    `  - component: $CI_SERVER_FQDN/relm-dev/relm-components/plan@${version}`,
    `  - component: $CI_SERVER_FQDN/relm-dev/relm-components/release@${version}`,
    "    inputs:",
    "      environment: production",
    "      # A CAB member plays this manual job (any tier). With a protected environment's deployment",
    "      # approvals (Premium), drop `when: manual`: relm reads those approvals instead.",
    "      rules: [{if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', when: manual}]",
  ];
}

function gitlabCi({ version }: PipelineInput): string {
  return [
    `# relm: gate, plan, CAB sign-off, tag and publish. Written by relm init ${version}; the components`,
    `# (and the relm image they run in) are pinned to ${version}.`,
    "stages: [build, deploy]",
    "",
    ...gitlabIncludeLines(version),
    "",
  ].join("\n");
}

/** The pipeline file for the forge: its path and text; none for --forge none. */
export function pipelineFile(input: PipelineInput): { path: string; text: string } | undefined {
  if (input.forge === "github") return { path: ".github/workflows/release.yml", text: githubWorkflow(input) };
  if (input.forge === "gitlab") return { path: ".gitlab-ci.yml", text: gitlabCi(input) };
  return undefined;
}
