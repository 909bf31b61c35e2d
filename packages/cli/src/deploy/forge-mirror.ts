import type { Command } from "commander";
import type { DeploymentWriter, ForgeAdapters, ForgeKind } from "@relm/core";
import { isRelmError } from "@relm/core/errors";
import { gitRepository } from "@relm/git/repository";
import { detectForge } from "../forges.ts";
import { openForge } from "../gate/forge-readers.ts";

/** The options of the commands that deploy: where the deployment is mirrored, and whether at all. */
export function withMirrorOptions(command: Command): Command {
  return command
    .option("--forge <kind>", "the forge the deployment is mirrored to: github, gitlab or local (default: the CI host, else local, which mirrors nothing)")
    .option("--token <token>", "forge token for the mirror (default: GITHUB_TOKEN; GITLAB_TOKEN, else CI_JOB_TOKEN)")
    .option("--no-mirror", "record the deployment in the registry only, not on the forge (also RELM_DEPLOY_MIRROR=false)");
}

export interface ForgeMirror {
  kind: Exclude<ForgeKind, "local">;
  writer: DeploymentWriter;
}

const forgeName = { github: "GitHub", gitlab: "GitLab" } as const;

function tokenOf(kind: ForgeMirror["kind"], env: NodeJS.ProcessEnv, given: string | undefined): string | undefined {
  if (given) return given;
  return (kind === "github" ? env.RELM_GITHUB_TOKEN || env.GITHUB_TOKEN : env.GITLAB_TOKEN || env.RELM_GITLAB_TOKEN || env.CI_JOB_TOKEN) || undefined;
}

function warn(kind: ForgeMirror["kind"], what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const hint = isRelmError(error) && error.hint ? ` (${error.hint})` : "";
  process.stderr.write(`relm: warning: ${what} ${forgeName[kind]}; the registry's record stands: ${message}${hint}\n`);
}

/**
 * The forge's deployment writer when the mirror is on: a forge detected (or named by --forge), a token
 * for it, neither --no-mirror nor RELM_DEPLOY_MIRROR=false, and on GitLab not a job whose own
 * `environment:` is the one deployed (RELM_DEPLOY_MIRROR=true mirrors anyway). A forge that cannot be
 * opened is a warning: the deployment goes on, recorded in the registry.
 */
export async function openMirror(command: Command, root: string, env: NodeJS.ProcessEnv = process.env): Promise<ForgeMirror | undefined> {
  const o = command.optsWithGlobals<{ forge?: string; mirror?: boolean; env?: string }>();
  const kind = detectForge(env, o.forge);
  const asked = env.RELM_DEPLOY_MIRROR?.trim() ?? "";
  if (kind === "local" || o.mirror === false || /^(false|0|no|off)$/i.test(asked)) return undefined;
  // A GitLab job that declares `environment:` has a deployment of its own; a mirror would be a second one.
  if (kind === "gitlab" && o.env && env.CI_ENVIRONMENT_NAME === o.env && !/^(true|1|yes|on)$/i.test(asked)) return undefined;
  const forge = await forgeWithToken(command, root, env, "the deployment is not mirrored to");
  return forge?.adapters.deploymentWriter ? { kind: forge.kind, writer: forge.adapters.deploymentWriter } : undefined;
}

/**
 * The forge (named by --forge, else the CI host's) when a token for it is at hand; none locally or
 * without a token. A forge that cannot be opened is a warning: what relm records does not depend on it.
 */
export async function forgeWithToken(command: Command, root: string, env: NodeJS.ProcessEnv, what: string): Promise<{ kind: ForgeMirror["kind"]; adapters: ForgeAdapters } | undefined> {
  const o = command.optsWithGlobals<{ forge?: string; token?: string }>();
  const kind = detectForge(env, o.forge);
  if (kind === "local") return undefined;
  const token = tokenOf(kind, env, o.token);
  if (!token) return undefined;
  try {
    return { kind, adapters: await openForge(kind, { cwd: root, git: gitRepository(root), env, token }) };
  } catch (error) {
    warn(kind, what, error);
    return undefined;
  }
}
