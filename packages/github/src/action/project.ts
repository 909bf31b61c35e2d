import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { defaultConfig, loadConfig, planRelease, RelmError, type CommitAuthors, type Config, type ReleasePlan } from "@relm/core";
import { gitRepository, workspacePackages, type GitRepository } from "@relm/git";
import type { GitHubRunContext } from "../context.ts";
import { createGitHubClient } from "../client.ts";
import { githubCommitAuthors } from "../commit-authors.ts";

export interface Project {
  cwd: string;
  config: Config;
  git: GitRepository;
}

/** The checkout and its .relm.yml (`config` relative to `working-directory`); no file means the defaults. */
export async function openProject(run: GitHubRunContext, settings: { config: string; "working-directory": string }): Promise<Project> {
  const cwd = resolve(run.workspace ?? process.cwd(), settings["working-directory"]);
  const path = isAbsolute(settings.config) ? settings.config : join(cwd, settings.config);
  let text: string | undefined;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || settings.config !== ".relm.yml") {
      throw new RelmError("RELM_CONFIG_UNREADABLE", "config", `cannot read the configuration file ${settings.config}`, {
        cause: error,
        details: [{ where: "input config", message: (error as Error).message }],
      });
    }
  }
  const { config } = text === undefined ? defaultConfig() : loadConfig(text, settings.config);
  return { cwd, config, git: gitRepository(cwd) };
}

/**
 * The step's login lookup for the notes' `@login` credits, from its token (every step has
 * `github.token` by default, so plan, approve and tag credit alike and sign the same notes).
 * One retry of a 5xx: a login is a decoration, not worth the client's usual back-off of seconds.
 * RELM_NOTES_LOGINS=false asks nothing, as the CLI does.
 */
export function stepLogins(token: string | undefined, run: GitHubRunContext, env: NodeJS.ProcessEnv): CommitAuthors | undefined {
  if (!token || env.RELM_NOTES_LOGINS?.trim().toLowerCase() === "false") return undefined;
  return githubCommitAuthors(createGitHubClient({ token, repository: run.repository, baseUrl: run.apiUrl, retries: 1 }));
}

/** The release plan of the checkout's HEAD, with links to this repository; authors as `@login` when `logins` is given. */
export async function planProject(project: Project, run: GitHubRunContext, logins?: CommitAuthors): Promise<ReleasePlan> {
  const root = await project.git.root();
  const workspaces = project.config.packages === undefined ? await workspacePackages(root).catch(() => []) : [];
  // A GitHub checkout is often a detached HEAD: the branch comes from GITHUB_REF_NAME.
  const branch = project.config.branches === undefined ? undefined : (process.env.GITHUB_REF_NAME ?? (await project.git.currentBranch()));
  return planRelease(
    { git: project.git, ...(logins !== undefined ? { authors: logins } : {}) },
    {
      config: project.config,
      to: "HEAD",
      repositoryUrl: project.config.repository ?? `${run.serverUrl}/${run.repository}`,
      ...(workspaces.length > 0 ? { workspacePackages: workspaces } : {}),
      ...(branch !== undefined ? { branch } : {}),
    },
  );
}
