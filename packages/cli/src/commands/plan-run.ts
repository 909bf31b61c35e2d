import { statSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { CommitAuthors, Config, ConfigSource, Git, ReleasePlan, TagRef } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { gitRepository, type GitRepository } from "@relm/git/repository";
import type { RepositoryFacts } from "@relm/git/repository-facts";
import { remoteWebUrl } from "@relm/git/web-url";
import { workspacePackages } from "@relm/git/workspace-packages";
import { globalOptions, type GlobalOptions } from "../global-options.ts";
import { loadProjectConfig } from "../load-project-config.ts";
import { releaseBranchOf } from "../release/release-branch.ts";
import { planLogins } from "../commit-authors.ts";

export interface RangeOptions {
  from?: string;
  to?: string;
}

/** --from/--to, shared by plan, version, notes and changelog. */
export function withRangeOptions(command: Command): Command {
  return command
    .configureHelp({ showGlobalOptions: true })
    .option("--from <ref>", "exclusive lower end of the range (default: each package's previous release tag)")
    .option("--to <ref>", "the commit to release (default: HEAD)");
}

export interface PlanRun {
  plan: ReleasePlan;
  globals: GlobalOptions;
  config: Config;
  git: GitRepository;
  /** The work tree's top level. */
  root: string;
  /** Where the configuration came from, with the line of each key. */
  source: ConfigSource;
  /** The run's login lookup (undefined without a forge token): later plans of the same run reuse it. */
  authors?: CommitAuthors;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function assertDirectory(dir: string): void {
  if (!isDirectory(dir)) {
    throw new RelmError("RELM_CWD_MISSING", "usage", `--cwd ${JSON.stringify(dir)} is not a directory`, { hint: "Point --cwd at a git checkout." });
  }
}

/**
 * Reads settings, builds the git adapter (and, with a forge token, the login lookup for the notes)
 * and calls the plan use case; decides nothing itself. `credits: false` for a command that shows no notes.
 */
export async function runPlan(command: Command, options: { credits?: boolean } = {}): Promise<PlanRun> {
  const globals = globalOptions(command);
  const range = command.opts<RangeOptions>();
  assertDirectory(globals.cwd);
  const git = gitRepository(globals.cwd);
  const toRef = range.to ?? "HEAD";
  // Everything git is asked before the configuration is known, side by side and in as few
  // processes as can answer it (each git call forks Node): the planner then finds it done.
  // Failures wait for whoever asks (a rejection nobody awaits yet is not an unhandled one).
  const tags = settledLater(git.tags());
  const facts = git.facts(toRef);
  const remote = settledLater(git.remoteUrl());
  // The planner (most of the code a plan runs) loads while git answers.
  const planner = settledLater(import("@relm/core/usecases/plan"));
  // The forge's client (with a token) loads while git answers, too.
  const lookup = settledLater(options.credits === false ? Promise.resolve(undefined) : planLogins(command, process.env));
  const { root } = await facts;
  // .relm.yml lives at the repository root even when --cwd is a subdirectory; --config is relative to --cwd.
  const { config, source } = await loadProjectConfig({ cwd: root, ...(globals.config !== undefined ? { config: resolve(globals.cwd, globals.config) } : {}) });
  const notes: string[] = [];
  // A package.json that is not JSON cannot declare workspaces: plan it as one package, and say so.
  const workspaces =
    config.packages === undefined
      ? await workspacePackages(root).catch((error: unknown) => {
          if (!(error instanceof RelmError) || error.code !== "RELM_WORKSPACE_MANIFEST") throw error;
          notes.push(`npm workspaces ignored: ${error.message}`);
          return [];
        })
      : undefined;
  const remoteUrl = await remote;
  const repositoryUrl = config.repository ?? (remoteUrl === undefined ? undefined : remoteWebUrl(remoteUrl));
  const { planRelease } = await planner;
  const branch = await releaseBranchOf(git, config);
  const logins = await lookup;
  const plan = await planRelease(
    { git: answered(git, { toRef, facts: await facts, tags }), ...(logins ? { authors: logins } : {}) },
    {
      config,
      ...(range.to !== undefined ? { to: range.to } : {}),
      ...(range.from !== undefined ? { from: range.from } : {}),
      ...(repositoryUrl !== undefined ? { repositoryUrl } : {}),
      ...(workspaces && workspaces.length > 0 ? { workspacePackages: workspaces } : {}),
      ...(branch !== undefined ? { branch } : {}),
    },
  );
  plan.warnings.push(...notes);
  return { plan, globals, config, git, root, source, ...(logins ? { authors: logins } : {}) };
}

function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The Git port with the answers read before planning: the shallow flag, the target's commit and the tags. */
function answered(git: Git, known: { toRef: string; facts: RepositoryFacts; tags: Promise<TagRef[]> }): Git {
  const { toRef, facts, tags } = known;
  return {
    ...git,
    isShallow: async () => facts.shallow,
    resolve: (ref) => (ref === toRef && facts.commit !== undefined ? Promise.resolve(facts.commit) : git.resolve(ref)),
    tags: () => tags,
  };
}

/** The plain sentence for a plan that releases nothing. */
export function noReleaseText(plan: ReleasePlan): string {
  return `No release needed: ${plan.reason ?? "no release-worthy commits since the previous release"}.`;
}

/** "name " in a monorepo, nothing for a single package. */
export function packageLabel(plan: ReleasePlan, name: string): string {
  return plan.mode === "single" || name === "" ? "" : `${name} `;
}
