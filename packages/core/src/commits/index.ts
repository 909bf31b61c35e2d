// Parsing and classifying conventional commits.
export type { ConventionalCommit, IssueReference } from "./conventional-commit.ts";
export { parseCommit, type CommitPreset } from "./parse-commit.ts";
export { cancelReverts, type RevertOutcome } from "./cancel-reverts.ts";
