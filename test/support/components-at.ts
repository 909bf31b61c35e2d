import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GitFixture } from "./git-fixture.ts";

/**
 * A pipeline's `local: templates/X.yml` includes (or component includes at another ref) turned into
 * component includes of the repository's own components at `sha`: that is how GitLab, and
 * gitlab-ci-local, define `$[[ component.version ]]`, which the templates pin their image to.
 */
export function componentsAt(ciYaml: string, project: string, sha: string): string {
  return ciYaml.replace(/local: templates\/([a-z]+)\.yml|component: \$CI_SERVER_FQDN\/[^\s@]+\/([a-z]+)@\S+/g, (_m, local?: string, component?: string) => `component: $CI_SERVER_FQDN/${project}/${local ?? component ?? ""}@${sha}`);
}

/** Writes `.gitlab-ci.yml` into the work tree (uncommitted) with its includes at the fixture's HEAD. */
export function writePipelineAtHead(repo: GitFixture, ciYaml: string, project: string): void {
  writeFileSync(join(repo.dir, ".gitlab-ci.yml"), componentsAt(ciYaml, project, repo.head()));
}
