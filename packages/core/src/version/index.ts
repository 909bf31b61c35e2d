// Bump rules, tag formats, previous releases and next versions, per package.
export * from "./release-plan.ts";
export { commitBump, defaultReleaseRules, higherBump, type Bump, type ReleaseType } from "./release-rules.ts";
export { tagFormat, type TagFormat } from "./tag-format.ts";
export { nextVersion, effectiveBump, type NextVersionInput, type PreMajorRules } from "./next-version.ts";
export { versionTags, previousRelease, type VersionTag, type PreviousRelease } from "./previous-release.ts";
export { reachabilityFrom } from "./reachability.ts";
export { packagesFromManifests, packageOwning, packagesTouched, normalisePath, type PlannedPackage } from "./packages.ts";
export { planPackage, type PackagePlanInput, type PackageOutcome } from "./package-plan.ts";
export { dependencyGraph, releasedDependents, planDependents, DEPENDENCY_FIELDS, type DependencyGraph, type WorkspaceManifest } from "./dependents.ts";
export type { ReleaseRule, NotesSection, PackageConfig } from "../policy/versioning-schema.ts";
