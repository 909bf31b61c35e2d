// The policy, instants and repositories the CLI gate tests share: a policy committed on main in a real git repository.
import { afterAll } from "vitest";
import type { Decision } from "@relm/core";
import { createGitFixture, type GitFixture } from "./git-fixture.ts";
import { runRelmJson } from "./run-relm.ts";

// Host variables that would make the CLI talk to a forge or pick another target branch.
export const HOST = { GITHUB_ACTIONS: "", GITLAB_CI: "", GITHUB_BASE_REF: "", CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "", CI_DEFAULT_BRANCH: "" };

export const POLICY = `# release policy
policy:
  timeZone: Europe/Berlin
  branches: [main, "release/*"]
  checks: [build]
  freezes:
    - name: weekend
      start: "0 16 * * 5"
      end: "0 8 * * 1"
    - { name: christmas, from: "2026-12-24T12:00", until: 2026-12-27, environments: [production] }
  override:
    users: [alice, alice@example.invalid]
    via: [input, trailer]
    rules: [freeze]
  environments:
    staging: {}
    production:
      after: [staging]
      soak: 24h
      approval:
        quorum: 2
        users: [carol, dave, erin]
`;

export const WEDNESDAY = "2026-11-18T10:00:00+01:00";
export const SATURDAY = "2026-11-21T10:00:00+01:00";

const fixtures: GitFixture[] = [];
export function repo(policy = POLICY): GitFixture {
  const f = createGitFixture();
  fixtures.push(f);
  f.commit("feat: first feature", { files: { ".relm.yml": policy, "src/a.txt": "a\n" } });
  return f;
}
afterAll(() => fixtures.forEach((f) => f.cleanup()));

export const gate = (f: GitFixture, args: string[]) => runRelmJson<Decision>(["gate", ...args], { cwd: f.dir, env: HOST });
export const codes = (d: Decision) => d.violations.map((v) => v.code).sort();
