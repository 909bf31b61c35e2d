import type { Config } from "./config-schema.ts";
import type { LoadedConfig } from "./load-config.ts";

/**
 * The configuration used when a repository has no .relm.yml: what `configSchema.parse({})` gives,
 * written out so that a plan without a file never loads zod, yaml and the schemas (about half of
 * the CLI's start-up). A test keeps it equal to the schema's defaults.
 */
export function defaultConfig(): LoadedConfig {
  const config: Config = {
    tagFormat: "v${version}",
    preset: "conventionalcommits",
    initialVersion: "1.0.0",
    releaseRules: [],
    preMajor: { breaking: "major", feat: "minor" },
    prereleaseStart: 0,
    monorepo: { mode: "independent", tagFormat: "${name}@${version}", dependents: "patch" },
    notes: { authors: true, logins: true, newContributors: true },
    changelog: { file: "CHANGELOG.md" },
    extraFiles: [],
  };
  // No file, so every key is on "line 1" of an empty document, as loadConfig("{}") says.
  return { config, source: { file: "(embedded defaults)", lineOf: () => 1 } };
}
