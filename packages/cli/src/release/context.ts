import type { Command } from "commander";
import { RelmError, systemClock, type Clock, type CommitAuthors, type ForgeAdapters, type ForgeKind, type LoadedConfig, type Runtime } from "@relm/core";
import { gitRepository, type GitRepository } from "@relm/git";
import { globalOptions, type GlobalOptions } from "../global-options.ts";
import { loadProjectConfig } from "../load-project-config.ts";
import { detectForge } from "../forges.ts";
import { openForge } from "../gate/forge-readers.ts";
import { localForge, parseApproverFlags } from "../local-forge/index.ts";
import { ciRuntime } from "../ci-report.ts";
import { terminalRuntime } from "../terminal-runtime.ts";
import { runLogins } from "../commit-authors.ts";

/** Options the tag, approve and release commands share. */
export interface ForgeOptions {
  forge?: string;
  token?: string;
  approve?: string[];
  actor?: string;
}

export function withForgeOptions(command: Command): Command {
  return command
    .option("--forge <kind>", "github, gitlab or local (default: the CI host, else local)")
    .option("--token <token>", "forge token (default: the host's usual variable)");
}

/** Everything a release command needs, built once from flags and the environment. */
export interface CommandContext {
  globals: GlobalOptions;
  env: NodeJS.ProcessEnv;
  git: GitRepository;
  root: string;
  loaded: LoadedConfig;
  kind: ForgeKind;
  forge: ForgeAdapters;
  runtime: Runtime;
  clock: Clock;
  /** Who started the run (separation of duties): --actor, else the CI host's actor. */
  actor?: string;
  runId?: string;
  /** The forge's logins of commit authors for the notes, asked once per e-mail for the whole run. */
  authors?: CommitAuthors;
}

/** The host's actor: GitHub names who triggered the run; GitLab's GITLAB_USER_LOGIN is whoever played the job, so it is not used. */
function actorOf(env: NodeJS.ProcessEnv, given: string | undefined): string | undefined {
  if (given) return given;
  if (env.GITHUB_ACTIONS === "true") return env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || undefined;
  return undefined;
}

export async function commandContext(command: Command, env: NodeJS.ProcessEnv = process.env): Promise<CommandContext> {
  const globals = globalOptions(command);
  const opts = command.opts<ForgeOptions>();
  const git = gitRepository(globals.cwd);
  const root = await git.root();
  const loaded = await loadProjectConfig(globals);
  const kind = detectForge(env, opts.forge);
  const clock = systemClock;
  const approvers = parseApproverFlags(opts.approve ?? []);
  const runtime = ciRuntime(env) ?? terminalRuntime(
    (text) => void (globals.json ? process.stderr : process.stdout).write(text),
    (text) => void process.stderr.write(text),
    { quiet: globals.quiet },
  );
  if (opts.token) runtime.mask(opts.token);
  let forge: ForgeAdapters;
  if (kind === "local") {
    const onUnknownGroup = (group: string) =>
      runtime.warning(`CAB group ${group} cannot be resolved on a local repository (no forge to ask): its members count only when listed under approval.users`);
    forge = localForge({ git, root, approvers, clock, onUnknownGroup });
  } else {
    if (approvers.length > 0) {
      throw new RelmError("RELM_APPROVE_FLAG_FORGE", "usage", `--approve is for local releases; on ${kind} the approvals come from the forge`, {
        details: [{ where: "--approve", message: `given with --forge ${kind}` }],
        hint: "Approve through the environment's required reviewers (GitHub) or deployment approvals (GitLab), or run with --forge local.",
      });
    }
    forge = await openForge(kind, { cwd: root, env, git, token: opts.token });
  }
  const actor = actorOf(env, opts.actor);
  const runId = env.GITHUB_RUN_ID || env.CI_PIPELINE_ID || undefined;
  const authors = runLogins(kind, forge.authors, command, env);
  return { globals, env, git, root, loaded, kind, forge, runtime, clock, ...(actor ? { actor } : {}), ...(runId ? { runId } : {}), ...(authors ? { authors } : {}) };
}
