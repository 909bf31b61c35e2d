import type { ForgeAdapters, ForgeKind, Git } from "@relm/core";

export interface ForgeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  git: Git;
  /** Token from --token or the host's usual variable. */
  token?: string;
}

export type ForgeFactory = (ctx: ForgeContext) => Promise<ForgeAdapters>;

/** One factory per forge; each adapter area adds its own line. */
export const forgeFactories: Partial<Record<ForgeKind, ForgeFactory>> = {};

/** The forge this run talks to: --forge wins, then the CI host's variables, then the local repository. */
export function detectForge(env: NodeJS.ProcessEnv, requested?: string): ForgeKind {
  if (requested === "github" || requested === "gitlab" || requested === "local") return requested;
  if (env.GITHUB_ACTIONS === "true") return "github";
  if (env.GITLAB_CI === "true") return "gitlab";
  return "local";
}
