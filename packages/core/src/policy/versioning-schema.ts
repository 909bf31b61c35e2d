// Owned by the planner (issue 2): tag format, release rules, prereleases, packages, notes, changelog.
import { z } from "zod";
import { extraFilesSchema } from "./extra-files-schema.ts";
import { branchesSchema } from "./branches-schema.ts";

const releaseType = z.enum(["major", "minor", "patch"]);
const tagFormat = z
  .string()
  .refine((s) => s.includes("${version}"), { message: "a tag format must contain ${version}" })
  .describe("Tag name template: `${version}` is the version, `${name}` the package name (e.g. `v${version}`, `${name}@${version}`).");
const prereleaseId = z.string().regex(/^[0-9A-Za-z-]+$/, "a prerelease channel is letters, digits and hyphens (e.g. rc, beta)");

export const releaseRuleSchema = z
  .strictObject({
    type: z.string().optional().describe("Commit type to match (e.g. build); `*` globs allowed."),
    scope: z.string().optional().describe("Commit scope to match (e.g. readme.md); `*` globs allowed."),
    breaking: z.boolean().optional().describe("Match only breaking commits (true)."),
    revert: z.boolean().optional().describe("Match only reverts of commits outside the range (true)."),
    subject: z.string().optional().describe("Regular expression the subject must match."),
    release: z.union([releaseType, z.literal(false)]).describe("The bump for matching commits; false suppresses the release."),
  })
  .describe("A semantic-release style rule: every given field must match; the highest release among matches wins.");

export const notesSectionSchema = z.strictObject({
  type: z.string().min(1).describe("Commit type shown in this section."),
  section: z.string().min(1).optional().describe("Section title; defaults to the type."),
  hidden: z.boolean().default(false).describe("Leave commits of this type out of the notes."),
});

export const packageSchema = z.strictObject({
  name: z.string().min(1).describe("Package name (npm name or any label); used in tags as `${name}`."),
  path: z.string().min(1).describe("Directory of the package relative to the repository root; `.` for the root."),
  tagFormat: tagFormat.optional().describe("Tag format of this package; defaults to monorepo.tagFormat."),
});

export const versioningShape = {
  project: z.string().min(1).optional().describe("Project name used in records and notes; defaults to the repository name."),
  repository: z.string().url().optional().describe("Web URL of the repository, for links in notes; defaults to the origin remote."),
  tagFormat: tagFormat.default("v${version}"),
  preset: z
    .enum(["conventionalcommits", "angular"])
    .default("conventionalcommits")
    .describe("Commit grammar: conventionalcommits (the 1.0 spec, `type!:` is breaking) or angular (semantic-release's and lerna's old default, no `!`)."),
  initialVersion: z.string().regex(/^\d+\.\d+\.\d+$/, "x.y.z").default("1.0.0").describe("Version of the first release when no tag exists yet."),
  releaseRules: z.array(releaseRuleSchema).default([]).describe("Extra bump rules, tried before the defaults (feat minor, fix/perf patch, breaking major)."),
  preMajor: z
    .strictObject({
      breaking: releaseType.default("major").describe("Bump of a breaking change while the version is 0.x (minor keeps you in 0.x)."),
      feat: releaseType.default("minor").describe("Bump of a minor-level change while the version is 0.x (patch for very cautious projects)."),
    })
    .default({ breaking: "major", feat: "minor" })
    .describe("Versioning while the major version is 0."),
  prerelease: prereleaseId.optional().describe("Prerelease channel (e.g. rc): versions become 1.4.0-rc.0, rc.1, ... until a plan without a channel graduates them."),
  prereleaseStart: z
    .union([z.literal(0), z.literal(1)])
    .default(0)
    .describe("Number of the first prerelease of a series: 0 gives rc.0, rc.1, ...; 1 gives rc.1, rc.2, ... (semantic-release's numbering)."),
  packages: z.array(packageSchema).optional().describe("Monorepo packages; when absent, npm workspaces are used, else the repository is one package."),
  monorepo: z
    .strictObject({
      mode: z.enum(["independent", "fixed"]).default("independent").describe("independent: each package its own version; fixed: one version for all (lockstep)."),
      tagFormat: tagFormat.default("${name}@${version}"),
      dependents: z
        .enum(["patch", "minor", "major", "none"])
        .default("patch")
        .describe(
          "independent mode: the bump a package gets when a workspace package it depends on (dependencies, devDependencies, optionalDependencies in package.json) is released, transitively; none releases only packages with changes of their own.",
        ),
    })
    .default({ mode: "independent", tagFormat: "${name}@${version}", dependents: "patch" }),
  notes: z
    .strictObject({
      sections: z.array(notesSectionSchema).optional().describe("Sections in the order shown; types not listed are hidden."),
      authors: z.boolean().default(true).describe("Name the author of each change."),
      logins: z
        .boolean()
        .default(true)
        .describe("When the run has a forge token (GITHUB_TOKEN; GITLAB_TOKEN), name authors by their forge login (@login) and add a New contributors section; false keeps the git author names and asks the forge nothing."),
      newContributors: z
        .boolean()
        .default(true)
        .describe("With logins looked up and an earlier release: list the authors whose first commit is in this release under New contributors."),
    })
    .default({ authors: true, logins: true, newContributors: true }),
  changelog: z
    .union([z.literal(false), z.strictObject({ file: z.string().min(1).default("CHANGELOG.md") })])
    .default({ file: "CHANGELOG.md" })
    .describe("The changelog file to update (per package in a monorepo), or false."),
  extraFiles: extraFilesSchema,
  branches: branchesSchema,
};

export type ReleaseRule = z.infer<typeof releaseRuleSchema>;
export type NotesSection = z.infer<typeof notesSectionSchema>;
export type PackageConfig = z.infer<typeof packageSchema>;
