// The GitLab jobs' hand-over, end to end through gitlab-ci-local, with hostile text where users put
// text: a commit message and an override reason carrying shell syntax, quotes, a dotenv line and bidi
// controls. Nothing of it runs, the dotenv report holds only relm's own one-line values, later jobs
// read them intact, and the text reaches the decision and the notes as data.
import { readdirSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import { cleanups, pipeline, relmCommand, repository } from "./support/gitlab-ci-local.ts";
import { startFakeGitlab } from "./support/fake-gitlab/index.ts";

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const shell = '$(touch pwned-dollar) `touch pwned-tick` "; touch pwned-quote; echo " \'; touch pwned-single; echo \'';
const subject = `feat(api): export ${shell} \u202Eevil\u202C`;
const body = "RELM_VERSION=6.6.6\nRELM_TAG=v6.6.6\n::set-output name=version::6.6.6";
const reason = `INC-7 ${shell}\u200B`;

/** Every path under dir whose name says a payload ran. */
function pwned(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /pwned/.test(f));
}

it("hostile commit text and override reason go from job to job as data: nothing runs, the dotenv holds relm's values", async () => {
  const fake = await startFakeGitlab();
  cleanups.push(() => fake.close());
  const repo = repository({
    ".relm.yml": "policy:\n  freezes:\n    - { name: always, from: 2020-01-01, until: 2100-01-01 }\n  override:\n    users: [alice]\n    rules: [freeze]\n",
    ".gitlab-ci.yml": `stages: [build, test, deploy]
include:
  - local: templates/plan.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
  - local: templates/gate.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      override_rules: freeze
consume:
  stage: deploy
  needs: [relm-plan, relm-gate]
  script:
    - printf '%s|%s|%s\\n' "$RELM_VERSION" "$RELM_TAG" "$RELM_DECISION" > handed.txt
    - cat handed.txt
  artifacts:
    paths: [handed.txt]
`,
  });
  repo.commit(`${subject}\n\n${body}\n`, { files: { "src/api.ts": "export {};\n" } });
  const run = await pipeline(repo, fake, { GITLAB_TOKEN: "glpat-fake-token", CI_PIPELINE_ID: "1000", GITLAB_USER_LOGIN: "alice", RELM_OVERRIDE_REASON: reason });
  expect(run.ok, run.log).toBe(true);
  expect(pwned(repo.dir)).toEqual([]);
  expect(run.dotenv("relm-plan")).toEqual({ RELM_VERSION: "1.1.0", RELM_TAG: "v1.1.0" });
  expect(run.dotenv("relm-gate")).toEqual({ RELM_DECISION: "allowed" });
  expect(run.artifact("consume", "handed.txt")).toBe("1.1.0|v1.1.0|allowed\n");
  // The reason is recorded as given (it is data in a JSON file), the notes show the bidi controls.
  const decision = JSON.parse(run.artifact("relm-gate", "relm-out/decision.json") ?? "{}") as { override?: { reason?: string; accepted?: boolean } };
  expect(decision.override).toMatchObject({ reason, accepted: true });
  const plan = run.artifact("relm-plan", "relm-out/plan.json") ?? "";
  const notes = (JSON.parse(plan) as { packages: { notes: string }[] }).packages[0]?.notes ?? "";
  expect(notes).toContain("`U+202E`evil`U+202C`");
  expect(notes).not.toContain("\u202E");
  expect(run.jobLog("relm-plan")).not.toMatch(/^::set-output/m);
  expect(fake.violations).toEqual([]);
});

it("a component's text input: shell syntax is passed to relm as one argument, a double quote is refused by the spec naming the input", async () => {
  const fake = await startFakeGitlab();
  cleanups.push(() => fake.close());
  const withInput = (value: string) =>
    repository({
      ".relm.yml": "policy:\n  freezes:\n    - { name: always, from: 2020-01-01, until: 2100-01-01 }\n  override:\n    users: [alice]\n    rules: [freeze]\n",
      ".gitlab-ci.yml": `include:
  - local: templates/gate.yml
    inputs:
      relm_command: ${relmCommand}
      rules: [{ when: on_success }]
      override_rules: freeze
      override_reason: ${JSON.stringify(value)}
`,
    });
  // The input lands in a double-quoted YAML string: everything but ", \ and line breaks is data
  // (a `$NAME` in it is a CI variable reference, which GitLab expands as in any variable).
  const unquoted = "INC-7 $(touch pwned-dollar) `touch pwned-tick` '; touch pwned-single; echo ' \u202E";
  const repo = withInput(unquoted);
  const run = await pipeline(repo, fake, { GITLAB_TOKEN: "glpat-fake-token", CI_PIPELINE_ID: "1000", GITLAB_USER_LOGIN: "alice" });
  expect(run.ok, run.log).toBe(true);
  expect(pwned(repo.dir)).toEqual([]);
  const decision = JSON.parse(run.artifact("relm-gate", "relm-out/decision.json") ?? "{}") as { override?: { reason?: string } };
  expect(decision.override?.reason).toBe(unquoted);

  const quoted = withInput(reason);
  const refused = await pipeline(quoted, fake, { GITLAB_TOKEN: "glpat-fake-token", CI_PIPELINE_ID: "1001", GITLAB_USER_LOGIN: "alice" });
  expect(refused.ok).toBe(false);
  expect(refused.log).toContain("`override_reason` input");
  expect(refused.log).toContain("does not match required regex");
  expect(pwned(quoted.dir)).toEqual([]);
  expect(fake.violations).toEqual([]);
});
