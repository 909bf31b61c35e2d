import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { RelmError } from "@relm/core/errors";
import { gitTraceStart } from "./git-trace.ts";

export interface GitContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Called with every git process started; lets tests watch a streamed log being stopped. */
  onSpawn?: (child: ChildProcessWithoutNullStreams, args: readonly string[]) => void;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** git's messages in English and no prompts, so stderr can be matched and nothing waits for a TTY. */
export function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, LC_ALL: "C", LANGUAGE: "", GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" };
}

/** Starts git with an argument array (never a shell): untrusted text stays data. */
export function spawnGit(ctx: GitContext, args: readonly string[]): ChildProcessWithoutNullStreams {
  const child = spawn("git", args, { cwd: ctx.cwd, env: ctx.env, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
  const traced = gitTraceStart(args);
  child.on("close", traced);
  ctx.onSpawn?.(child, args);
  return child;
}

/** Runs a short git command to completion; `input` goes to stdin (tag messages, never argv). */
export function runGit(ctx: GitContext, args: readonly string[], input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(ctx, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(spawnError(ctx, e)));
    child.on("close", (code) => {
      resolve({ code: code ?? 1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => undefined); // git may exit before reading stdin; its exit code tells the story
    child.stdin.end(input ?? "");
  });
}

/** Runs git and returns stdout; a non-zero exit becomes a RelmError carrying git's own words. */
export async function gitOutput(ctx: GitContext, args: readonly string[], input?: string): Promise<string> {
  const result = await runGit(ctx, args, input);
  if (result.code !== 0) throw gitFailure(ctx, args, result);
  return result.stdout;
}

export function gitFailure(ctx: GitContext, args: readonly string[], result: Pick<GitResult, "code" | "stderr">): RelmError {
  const stderr = result.stderr.trim();
  if (/not a git repository/i.test(stderr)) {
    return new RelmError("RELM_GIT_NOT_A_REPOSITORY", "usage", `${ctx.cwd} is not inside a git repository`, {
      hint: "Run relm inside a git checkout, or point --cwd at one.",
    });
  }
  return new RelmError("RELM_GIT_FAILED", "external", `git ${args[0] ?? ""} failed with exit code ${result.code}`, {
    details: [{ where: `git ${args.join(" ")}`.slice(0, 200), message: stderr.split("\n").slice(0, 5).join(" / ") || "(no output)" }],
  });
}

export function spawnError(ctx: GitContext, e: Error): RelmError {
  if ((e as NodeJS.ErrnoException).code === "ENOENT") {
    return new RelmError("RELM_GIT_MISSING", "external", `git was not found (working directory ${ctx.cwd})`, {
      cause: e,
      hint: "Install git and make sure it is on PATH, and that --cwd names an existing directory.",
    });
  }
  return new RelmError("RELM_GIT_FAILED", "external", `git could not be started: ${e.message}`, { cause: e });
}
