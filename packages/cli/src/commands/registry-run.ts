import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Config, Registry } from "@relm/core";
import { RelmError } from "@relm/core/errors";
import { registrySchema } from "@relm/core/policy/registry-schema";
import { withoutUserinfo } from "@relm/core/policy/shown-url";
import { gitRepository } from "@relm/git/repository";
import { openRegistry, registrySchemeOf } from "@relm/registry/registry-from-config";
import { globalOptions, type GlobalOptions } from "../global-options.ts";
import { loadProjectConfig } from "../load-project-config.ts";

/** --registry, shared by publish, verify, fetch, list and rollback. */
export function withRegistryOption(command: Command): Command {
  return command.option("--registry <url>", "registry to use instead of .relm.yml's registry.url (file:DIR, oci://HOST/REPO)");
}

export interface RegistryRun {
  registry: Registry;
  globals: GlobalOptions;
  /** The repository root (or --cwd outside a repository): where `file:` URLs are resolved. */
  root: string;
  config: Config;
}

/** Reads the configuration and opens the registry it names; decides nothing itself. */
export async function openProjectRegistry(command: Command): Promise<RegistryRun> {
  const globals = globalOptions(command);
  const { config } = await loadProjectConfig(globals);
  const settings = config.registry ?? registrySchema.parse({});
  const option = command.optsWithGlobals<{ registry?: string }>().registry;
  if (option !== undefined) {
    const checked = registrySchema.shape.url.safeParse(option);
    if (!checked.success) {
      throw new RelmError("RELM_REGISTRY_URL", "usage", `--registry ${JSON.stringify(withoutUserinfo(option))} is not a registry URL`, {
        details: [{ where: "--registry", message: checked.error.issues[0]?.message ?? "expected a registry URL" }],
      });
    }
  }
  const url = option ?? settings.url;
  const root = await gitRepository(globals.cwd).root().catch(() => globals.cwd);
  // The forge adapters add their own schemes when loaded, and only a run that needs them loads them.
  const scheme = registrySchemeOf(url);
  if (scheme === "github-release") await import("@relm/github");
  if (scheme === "gitlab-package") await import("@relm/gitlab");
  // No fetch is passed: the OCI backend then speaks node:http(s), and Node's fetch stack (undici,
  // about 15 MB of RSS) is never loaded.
  const registry = await openRegistry(url, { cwd: root, env: process.env, options: { ...settings, url } });
  return { registry, globals, root, config };
}

/** A JSON file given on the command line (--plan, --decision, --approvals). */
export async function readJsonFile(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RelmError("RELM_INPUT_UNREADABLE", "usage", `cannot read ${option} ${path}`, { cause: error, details: [{ where: path, message: (error as Error).message }] });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RelmError("RELM_INPUT_INVALID", "usage", `${option} ${path} is not JSON`, { cause: error, details: [{ where: path, message: (error as Error).message }] });
  }
}
