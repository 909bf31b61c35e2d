// Real git repositories for tests: a temp dir, `git init`, commits with exact messages, files and
// dates, tags (annotated and lightweight), branches and merges. No mocks of git anywhere.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The identity CI lacks: every git call made by a fixture (and by code under test, via env) uses it. */
export const gitIdentityEnv: Record<string, string> = {
  GIT_AUTHOR_NAME: "Relm Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Relm Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_TERMINAL_PROMPT: "0",
};

/** process.env plus the test identity; pass it to spawned CLIs that create tags or commits. */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...gitIdentityEnv, ...extra };
}

export interface CommitOptions {
  /** Files to write (path -> content) before committing; none means an empty commit. */
  files?: Record<string, string>;
  /** Paths to delete before committing. */
  remove?: string[];
  /** ISO date for author and committer; default: a fixed clock that ticks one minute per commit. */
  date?: string;
  author?: { name: string; email: string };
}

export interface GitFixture {
  dir: string;
  /** Runs git in the repository with the test identity; returns stdout without the final newline. */
  git(...args: string[]): string;
  /** Commits `message` verbatim (CRLF, trailing spaces and empty messages are kept); returns the hash. */
  commit(message: string, options?: CommitOptions): string;
  /** Annotated when `message` is given, lightweight otherwise; on HEAD unless `commit` is given. */
  tag(name: string, options?: { message?: string; commit?: string }): void;
  /** Creates a branch at `from` (default HEAD) and checks it out. */
  branch(name: string, from?: string): void;
  checkout(ref: string): void;
  /** Merges `ref` into the current branch with a merge commit (never fast-forward); returns its hash. */
  merge(ref: string, message?: string): string;
  head(): string;
  /** Removes the temp dir. */
  cleanup(): void;
}

const EPOCH = Date.parse("2024-01-01T00:00:00Z");

/** A new repository in a temp dir (or `dir`), with the test identity and no signing. */
export function createGitFixture(options: { branch?: string; dir?: string } = {}): GitFixture {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "relm-git-"));
  mkdirSync(dir, { recursive: true });
  const fixture = fixtureOver(dir);
  fixture.git("init", "-q", "-b", options.branch ?? "main");
  fixture.git("config", "commit.gpgsign", "false");
  fixture.git("config", "tag.gpgsign", "false");
  fixture.git("config", "core.autocrlf", "false");
  return fixture;
}

/** A shallow clone (`--depth`) of `source` in a new temp dir, made the way CI checkouts make them. */
export function shallowClone(source: string, depth = 1): GitFixture {
  const dir = mkdtempSync(join(tmpdir(), "relm-shallow-"));
  execFileSync("git", ["clone", "-q", "--depth", String(depth), `file://${source}`, dir], { env: gitEnv(), stdio: "pipe" });
  return fixtureOver(dir);
}

/** A fixture over an existing repository (a clone, a replay) without re-initialising it. */
export function fixtureOver(dir: string): GitFixture {
  let tick = 0;
  const nextDate = (): string => new Date(EPOCH + ++tick * 60_000).toISOString();
  const run = (args: string[], env: Record<string, string> = {}, input?: string): string => {
    const out = execFileSync("git", args, {
      cwd: dir,
      env: gitEnv(env),
      encoding: "utf8",
      input: input ?? "",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["pipe", "pipe", "pipe"],
    });
    return out.endsWith("\n") ? out.slice(0, -1) : out;
  };

  return {
    dir,
    git: (...args) => run(args),
    commit(message, o = {}) {
      for (const [path, content] of Object.entries(o.files ?? {})) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
      for (const path of o.remove ?? []) run(["rm", "-q", "--", path]);
      if (o.files) run(["add", "--", ...Object.keys(o.files)]);
      const date = o.date ?? nextDate();
      const env: Record<string, string> = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
      if (o.author) {
        env.GIT_AUTHOR_NAME = o.author.name;
        env.GIT_AUTHOR_EMAIL = o.author.email;
      }
      const args = ["commit", "-q", "--cleanup=verbatim", "--allow-empty-message", "--no-verify", "-F", "-"];
      if (!o.files && !o.remove) args.push("--allow-empty");
      run(args, env, message);
      return run(["rev-parse", "HEAD"]);
    },
    tag(name, o = {}) {
      const target = o.commit ?? "HEAD";
      if (o.message === undefined) run(["tag", name, target]);
      else run(["tag", "-a", "--cleanup=verbatim", name, target, "-F", "-"], { GIT_COMMITTER_DATE: nextDate() }, o.message);
    },
    branch(name, from = "HEAD") {
      run(["checkout", "-q", "-b", name, from]);
    },
    checkout(ref) {
      run(["checkout", "-q", ref]);
    },
    merge(ref, message = `Merge ${ref}`) {
      const date = nextDate();
      run(["merge", "-q", "--no-ff", "--no-edit", "-m", message, ref], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
      return run(["rev-parse", "HEAD"]);
    },
    head: () => run(["rev-parse", "HEAD"]),
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
