import type { ForgeAdapters, ForgeKind, Git } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { localForge, repositoryRoot } from "./local-forge/index.ts";

export interface ForgeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  git: Git;
  /** Token from --token or the host's usual variable. */
  token?: string;
}

export type ForgeFactory = (ctx: ForgeContext) => Promise<ForgeAdapters>;

/**
 * One factory per forge; each adapter area adds its own line. A forge's client library (Gitbeaker,
 * Octokit) is imported when that forge is used, not by every run.
 */
export const forgeFactories: Partial<Record<ForgeKind, ForgeFactory>> = {
  local: async (ctx) => localForge({ git: ctx.git, root: await repositoryRoot(ctx.git, ctx.cwd) }),
  gitlab: async (ctx) => {
    const { gitlabForge, gitlabSettingsFromEnv } = await import("@relm/gitlab");
    return gitlabForge(gitlabSettingsFromEnv(ctx.env, ctx.token));
  },
  github: async (ctx) => (await import("@relm/github")).githubForgeFromEnv(ctx.env, ctx.token),
};

const FORGE_KINDS: readonly ForgeKind[] = ["github", "gitlab", "local"];

/** The forge this run talks to: --forge wins, then the CI host's variables, then the local repository. */
export function detectForge(env: NodeJS.ProcessEnv, requested?: string): ForgeKind {
  if (requested !== undefined) {
    const kind = FORGE_KINDS.find((k) => k === requested);
    if (kind) return kind;
    throw new RelmError("RELM_FORGE_UNKNOWN", "usage", `unknown forge ${JSON.stringify(requested)}`, {
      details: [{ where: "--forge", message: `expected one of ${FORGE_KINDS.join(", ")}` }],
    });
  }
  if (env.GITHUB_ACTIONS === "true") return "github";
  if (env.GITLAB_CI === "true") return "gitlab";
  return "local";
}
