// `npm run gitlab:push-components -- X.Y.Z` (the release workflow, after the CAB sign-off): pushes
// the component project for relm X.Y.Z to RELM_COMPONENTS_REMOTE as one commit on main and the tag
// X.Y.Z, whose pipeline creates the CI/CD catalog release. A re-run completes what a failed run left
// (a commit pushed without its tag gets the tag) and does nothing once both are there. The token
// (GITLAB_TOKEN) reaches git through a credential helper that reads it from the environment: never
// in a URL, an argument or a log.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeComponentProject } from "./component-project.ts";

export interface PushOptions {
  remote: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  /** Who the commit and tag are by (the release bot). */
  author?: { name: string; email: string };
}

export interface PushOutcome {
  commit: string;
  /** What this run changed: a commit and the tag, only the tag (a run before it stopped there), or nothing. */
  pushed: "commit and tag" | "tag" | "nothing";
}

function gitIn(dir: string, env: NodeJS.ProcessEnv) {
  return (args: string[], allowFail = false): { ok: boolean; out: string } => {
    const run = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
    const ok = run.status === 0;
    // git's own messages only: they never hold the token, which is not in any URL or argument.
    if (!ok && !allowFail) throw new Error(`git ${args[0]} failed for the component project: ${run.stderr.trim()}`);
    return { ok, out: run.stdout.trim() };
  };
}

export function pushComponentProject(options: PushOptions): PushOutcome {
  const author = options.author ?? { name: "relm-release[bot]", email: "relm-release@users.noreply.github.com" };
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_TERMINAL_PROMPT: "0",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "credential.helper",
    GIT_CONFIG_VALUE_0: '!f() { test -n "$GITLAB_TOKEN" && echo username=oauth2 && echo "password=$GITLAB_TOKEN"; }; f',
  };
  const work = mkdtempSync(join(tmpdir(), "relm-components-"));
  try {
    const git = gitIn(work, env);
    git(["init", "-q", "-b", "main"]);
    git(["remote", "add", "origin", options.remote]);
    const hasMain = git(["ls-remote", "--exit-code", "--heads", "origin", "main"], true).ok;
    if (hasMain) {
      git(["fetch", "-q", "origin", "main"]);
      git(["checkout", "-q", "-B", "main", "FETCH_HEAD"]);
    }
    const tagRef = `refs/tags/${options.version}`;
    const tagged = git(["ls-remote", "--tags", "origin", tagRef]).out !== "";
    writeComponentProject(work, options.version);
    git(["add", "-A"]);
    if (tagged) {
      // Released already: the same content is a finished run; other content is never pushed over it.
      git(["fetch", "-q", "origin", `${tagRef}:${tagRef}`]);
      const commit = git(["rev-parse", `${tagRef}^{commit}`]).out;
      if (git(["rev-parse", `${tagRef}^{tree}`]).out !== git(["write-tree"]).out) throw new Error(`the component project's tag ${options.version} exists with other content: a released version is never rewritten`);
      return { commit, pushed: "nothing" };
    }
    const changed = !hasMain || !git(["diff", "--cached", "--quiet"], true).ok;
    if (changed) git(["commit", "-q", "-m", `chore(release): relm components ${options.version}`]);
    git(["tag", "-a", options.version, "-m", `relm components ${options.version}`]);
    // main first: a tag whose pipeline starts before main has the commit would still find it by its tag.
    if (changed) git(["push", "-q", "origin", "main"]);
    git(["push", "-q", "origin", tagRef]);
    return { commit: git(["rev-parse", "HEAD"]).out, pushed: changed ? "commit and tag" : "tag" };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const version = process.argv[2];
  const remote = process.env.RELM_COMPONENTS_REMOTE;
  if (!version || !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version) || !remote) {
    console.error("usage: RELM_COMPONENTS_REMOTE=<git URL of the component project> [GITLAB_TOKEN=…] npm run gitlab:push-components -- X.Y.Z");
    process.exit(2);
  }
  const outcome = pushComponentProject({ remote, version });
  console.log(`component project ${version}: pushed ${outcome.pushed} (${outcome.commit.slice(0, 12)})`);
}
