// gitlab-ci-local (shell executor) running a pipeline that includes relm's components, in a real git
// repository, with relm from this checkout talking to the fake GitLab: the harness of the pipeline tests.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { writePipelineAtHead } from "./components-at.ts";
import { createGitFixture, type GitFixture } from "./git-fixture.ts";
import type { FakeGitlab } from "./fake-gitlab/index.ts";

const root = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
const gcl = join(root, "node_modules", "gitlab-ci-local", "dist", "index.js");
export const relmCommand = `${process.execPath} ${join(root, "packages", "cli", "bin", "relm.js")}`;

export interface PipelineRun {
  ok: boolean;
  log: string;
  artifact(job: string, path: string): string | undefined;
  dotenv(job: string): Record<string, string>;
  jobLog(job: string): string;
}

/** What the tests close after them (repositories, homes, fakes). */
export const cleanups: (() => void | Promise<void>)[] = [];

export function repository(files: Record<string, string>): GitFixture {
  const repo = createGitFixture();
  cleanups.push(() => repo.cleanup());
  repo.git("remote", "add", "origin", "https://gitlab.invalid/acme/app.git");
  repo.commit("feat: first release", { files: { "README.md": "app\n" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  cpSync(join(root, "templates"), join(repo.dir, "templates"), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(repo.dir, path, ".."), { recursive: true });
    writeFileSync(join(repo.dir, path), text);
  }
  repo.git("add", "-A");
  repo.git("commit", "-q", "-m", "feat(api): add the export endpoint");
  return repo;
}

export async function pipeline(repo: GitFixture, fake: FakeGitlab, variables: Record<string, string>, manual: string[] = []): Promise<PipelineRun> {
  writePipelineAtHead(repo, readFileSync(join(repo.dir, ".gitlab-ci.yml"), "utf8"), "acme/app");
  const home = mkdtempSync(join(tmpdir(), "relm-gcl-home-"));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const vars = {
    GITLAB_CI: "true",
    CI_SERVER_URL: fake.url,
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: "42",
    CI_JOB_TOKEN: "job-token-fake",
    GIT_AUTHOR_NAME: "Relm Test",
    GIT_AUTHOR_EMAIL: "test@example.invalid",
    GIT_COMMITTER_NAME: "Relm Test",
    GIT_COMMITTER_EMAIL: "test@example.invalid",
    ...variables,
  };
  const args = [gcl, "--force-shell-executor", "--home", home, "--ignore-predefined-vars", "GITLAB_CI,CI_SERVER_URL,CI_API_V4_URL,CI_PROJECT_ID,CI_JOB_TOKEN,CI_JOB_ID,GITLAB_USER_LOGIN,CI_PIPELINE_ID", "--no-color"];
  for (const [k, v] of Object.entries(vars)) args.push("--variable", `${k}=${v}`);
  for (const job of manual) args.push("--manual", job);
  let ok = true;
  let log: string;
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: repo.dir, env: { ...process.env, HOME: home }, maxBuffer: 16 * 1024 * 1024 });
    log = stdout + stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    ok = false;
    log = `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
  const state = join(repo.dir, ".gitlab-ci-local");
  const read = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);
  return {
    ok,
    log,
    artifact: (job, path) => read(join(state, "artifacts", job, path)),
    dotenv(job) {
      const text = read(join(state, "artifacts", job, ".gitlab-ci-reports", "dotenv", "relm.env")) ?? "";
      return Object.fromEntries(text.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    },
    jobLog: (job) => read(join(state, "output", `${job}.log`)) ?? "",
  };
}

