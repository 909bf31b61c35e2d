import { RelmError, type ForgeAdapters, type ForgeKind, type Git } from "@relm/core";
import { forgeFactories } from "../forges.ts";

interface ForgeOpening {
  cwd: string;
  git: Git;
  env: NodeJS.ProcessEnv;
  token?: string | undefined;
}

/** The adapters of GitHub or GitLab, from the factory this build of relm has for it. */
export async function openForge(kind: Exclude<ForgeKind, "local">, options: ForgeOpening): Promise<ForgeAdapters> {
  const factory = forgeFactories[kind];
  if (!factory) throw new RelmError("RELM_FORGE_UNAVAILABLE", "usage", `the ${kind} forge is not available in this build of relm`, { details: [{ where: "--forge", message: kind }] });
  return factory({ cwd: options.cwd, env: options.env, git: options.git, ...(options.token ? { token: options.token } : {}) });
}

/** What the forge reports (checks, deployments, freezes, members); locally nothing, and the caller's flags stand in. */
export async function forgeReaders(kind: ForgeKind, options: ForgeOpening): Promise<Partial<ForgeAdapters>> {
  return kind === "local" ? {} : openForge(kind, options);
}
