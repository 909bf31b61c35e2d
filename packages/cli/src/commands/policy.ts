import type { Command } from "commander";
import { explainPolicy, loadConfig, RelmError, systemClock, type ForgeFreeze, type ForgeKind, type LoadedConfig } from "@relm/core";
import { gitRepository } from "@relm/git";
import { globalOptions, type GlobalOptions } from "../global-options.ts";
import { loadProjectConfig, DEFAULT_CONFIG_FILE } from "../load-project-config.ts";
import { parseAtFlag } from "../gate/gate-flags.ts";
import { forgeReaders } from "../gate/forge-readers.ts";
import { detectForge } from "../forges.ts";
import type { ForgeOptions } from "../release/context.ts";
import { explanationText, oneLine, policyReadText, type PolicyRead } from "../gate/decision-text.ts";
import { hasUserinfo } from "@relm/core/policy/shown-url";

interface PolicyOptions {
  ref?: string;
}

/**
 * The working tree's .relm.yml (what someone editing it wants checked), or the one committed at
 * `--ref` (e.g. origin/main: the policy in force, which is what the gate reads).
 */
async function policyConfig(globals: GlobalOptions, ref: string | undefined): Promise<{ loaded: LoadedConfig; read: PolicyRead }> {
  if (ref === undefined) {
    const loaded = await loadProjectConfig(globals);
    return { loaded, read: { file: loaded.source.file, from: "working tree" } };
  }
  const git = gitRepository(globals.cwd);
  const path = globals.config ?? DEFAULT_CONFIG_FILE;
  const revision = await git.resolve(ref);
  const text = await git.readFile(revision, path);
  if (text === undefined) throw new RelmError("RELM_CONFIG_UNREADABLE", "config", `${path} does not exist at ${ref}`, { details: [{ where: `${ref}:${path}`, message: "no such file" }] });
  return { loaded: loadConfig(text, path, revision), read: { file: path, from: "ref", ref, revision } };
}

/** The forge's own deploy freezes (GitLab's), which the gate merges into the policy's; none locally. */
async function forgeFreezesOf(globals: GlobalOptions, kind: ForgeKind, token: string | undefined): Promise<ForgeFreeze[] | undefined> {
  if (kind === "local") return undefined;
  const git = gitRepository(globals.cwd);
  const readers = await forgeReaders(kind, { cwd: await git.root(), git, env: process.env, token });
  return readers.freezes ? await readers.freezes.freezes() : undefined;
}

export function registerPolicy(program: Command): void {
  const policy = program.command("policy").description("Validate and explain the release policy (the policy: part of .relm.yml).");

  policy
    .command("check")
    .description("Validate .relm.yml in the working tree (or at --ref): every problem with its key and line. Exit 0 valid, 2 invalid.")
    .option("--ref <ref>", "check the file committed at this revision instead of the working tree")
    .action(async (_opts: unknown, command: Command) => {
      const globals = globalOptions(command);
      const { loaded, read } = await policyConfig(globals, command.opts<PolicyOptions>().ref);
      const p = loaded.config.policy;
      const summary = {
        valid: true,
        file: read.file,
        ...(read.from === "ref" ? { revision: read.revision } : {}),
        read,
        freezes: p?.freezes.length ?? 0,
        environments: Object.keys(p?.environments ?? {}),
        riskClasses: (p?.risk?.classes ?? []).map((c) => c.name),
        requiredChecks: p?.checks ?? [],
      };
      const url = loaded.config.registry?.url;
      const warnings =
        url !== undefined && hasUserinfo(url)
          ? [{ where: `${read.file}:${loaded.source.lineOf(["registry", "url"]) ?? 1} registry.url`, message: "the URL carries credentials, which anyone who reads the file can use; set RELM_REGISTRY_USERNAME and RELM_REGISTRY_PASSWORD (or usernameEnv/passwordEnv) instead" }]
          : [];
      for (const w of warnings) process.stderr.write(`relm: warning: ${w.where}: ${w.message}\n`);
      if (globals.json) process.stdout.write(`${JSON.stringify({ ...summary, warnings }, null, 2)}\n`);
      else
        process.stdout.write(
          `${oneLine(policyReadText(read))} is valid: ${summary.freezes} freeze window(s), environments ${oneLine(summary.environments.join(", ")) || "(none)"}, risk classes ${oneLine(summary.riskClasses.join(", ")) || "(default only)"}, required checks ${oneLine(summary.requiredChecks.join(", ")) || "(none)"}\n`,
        );
    });

  policy
    .command("explain")
    .description("What the policy requires of an environment now, and when the next freezes start and end (a change calendar). Reads the working tree's file unless --ref names the policy in force.")
    .option("--env <name>", "the environment to explain")
    .option("--at <instant>", "explain as of this ISO 8601 instant instead of now")
    .option("--count <n>", "how many freeze windows to list", "5")
    .option("--ref <ref>", "read the policy committed at this revision (e.g. origin/main, what the gate reads) instead of the working tree")
    .option("--forge <kind>", "github, gitlab or local (default: the CI host, else local); on gitlab the project's deploy freezes join the calendar, as the gate merges them")
    .option("--token <token>", "forge token (default: the host's usual variable)")
    .action(async (_opts: unknown, command: Command) => {
      const globals = globalOptions(command);
      const o = command.opts<PolicyOptions & ForgeOptions & { env?: string; at?: string; count: string }>();
      const count = Number(o.count);
      if (!Number.isInteger(count) || count < 1 || count > 100) throw new RelmError("RELM_GATE_FLAG", "usage", `--count ${JSON.stringify(o.count)} is not valid: expected a whole number from 1 to 100`);
      const at = parseAtFlag(o.at) ?? systemClock.now().toISOString();
      const { loaded, read } = await policyConfig(globals, o.ref);
      const forgeFreezes = await forgeFreezesOf(globals, detectForge(process.env, o.forge), o.token);
      const explanation = { ...explainPolicy(loaded.config.policy, { at: Date.parse(at), count, ...(loaded.config.approval ? { approval: loaded.config.approval } : {}), ...(o.env ? { environment: o.env } : {}), ...(forgeFreezes ? { forgeFreezes } : {}) }), policy: read };
      process.stdout.write(globals.json ? `${JSON.stringify(explanation, null, 2)}\n` : explanationText(explanation, read));
    });
}
