import { RelmError, type ForgeAdapters, type ForgeKind, type Git } from "@relm/core";
import { localForge, repositoryRoot } from "./local-forge/index.ts";
import { gitlabForge, gitlabSettingsFromEnv } from "@relm/gitlab";
import { githubForgeFromEnv } from "@relm/github";

export interface ForgeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  git: Git;
  /** Token from --token or the host's usual variable. */
  token?: string;
}

export type ForgeFactory = (ctx: ForgeContext) => Promise<ForgeAdapters>;

/** One factory per forge; each adapter area adds its own line. */
export const forgeFactories: Partial<Record<ForgeKind, ForgeFactory>> = {
  local: async (ctx) => localForge({ git: ctx.git, root: await repositoryRoot(ctx.git, ctx.cwd) }),
  gitlab: async (ctx) => gitlabForge(gitlabSettingsFromEnv(ctx.env, ctx.token)),
  github: async (ctx) => githubForgeFromEnv(ctx.env, ctx.token),
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
