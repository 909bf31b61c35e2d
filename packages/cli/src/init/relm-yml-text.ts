import type { InitForge } from "./init-forge.ts";

export interface RelmYmlInput {
  forge: InitForge;
  /** relm's version, which the schema URL is pinned to. */
  version: string;
  /** The branch releases are cut from. */
  branch: string;
  /** CAB members by login; none leaves the approval block commented out. */
  cab: readonly string[];
}

const REGISTRY: Record<InitForge, { url: string; where: string }> = {
  github: { url: "github-release:", where: "assets of the GitHub Release" },
  gitlab: { url: "gitlab-package:relm-releases", where: "this project's generic package relm-releases" },
  none: { url: "file:.relm/registry", where: "a directory in the repository (git-ignore it, or point it at shared storage)" },
};

const quoted = (text: string): string => JSON.stringify(text);

/** The commented .relm.yml `relm init` writes: valid as it is, every choice explained where it is made. */
export function relmYmlText(input: RelmYmlInput): string {
  const registry = REGISTRY[input.forge];
  const cab =
    input.cab.length > 0
      ? [
          "approval:",
          "  quorum: 1                 # distinct CAB members who must approve",
          `  users: [${input.cab.map(quoted).join(", ")}]`,
          "  separationOfDuties: true  # no approving a release you wrote a commit of",
          "  maxAge: 24h               # an older approval is stale",
        ]
      : [
          "# No CAB is named yet, so no sign-off is required. List who signs off (`relm init --cab alice,bob`",
          "# writes this for you), and nothing is tagged or published before they approve:",
          "# approval:",
          "#   quorum: 1",
          "#   users: [alice, bob]",
          "#   separationOfDuties: true",
          "#   maxAge: 24h",
        ];
  return [
    `# yaml-language-server: $schema=https://raw.githubusercontent.com/relm-dev/relm/v${input.version}/schema/relm.schema.json`,
    `# relm's configuration, written by relm init ${input.version}. Every key is described by the schema above;`,
    "# check an edit with `relm policy check`, see what it requires with `relm policy explain`.",
    "",
    "# Versions and notes come from Conventional Commits: fix is a patch, feat a minor, `!` or a",
    "# `BREAKING CHANGE:` footer a major. Tags look like v1.2.3.",
    'tagFormat: "v${version}"',
    "changelog:",
    "  file: CHANGELOG.md",
    "# Files besides package.json that carry the version; `relm prepare` writes it into them:",
    "# extraFiles:",
    "#   - { path: chart/Chart.yaml, yamlPath: $.appVersion }",
    "#   - { path: src/version.ts, marker: true }   # lines holding x-relm-version",
    "",
    "# The release policy the gate applies, read from the default branch (a change under review cannot relax it).",
    "policy:",
    `  branches: [${quoted(input.branch)}]${" ".repeat(Math.max(1, 17 - input.branch.length))}# releases are cut only from these branches`,
    '  tags: ["v*"]                 # tag pipelines only for these tags',
    "  timeZone: UTC                # the zone freeze windows are read in",
    "  # Freeze windows: nothing ships inside them without a recorded break-glass override.",
    "  # freezes:",
    "  #   - name: weekend",
    '  #     start: "0 16 * * 5"    # Friday 16:00',
    '  #     end: "0 8 * * 1"       # Monday 08:00',
    "",
    "# The Change Advisory Board: who must sign off a release candidate before it is tagged.",
    ...cab,
    "",
    `# The release registry (the Definitive Software Library): ${registry.where}.`,
    "registry:",
    `  url: ${quoted(registry.url)}`,
    "",
  ].join("\n");
}
