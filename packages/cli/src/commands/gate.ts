import { isAbsolute, join } from "node:path";
import type { Command } from "commander";
import { RelmError, runGate, systemClock, type ForgeAdapters, type ReleasePlan } from "@relm/core";
import { gitRepository } from "@relm/git";
import { globalOptions } from "../global-options.ts";
import { detectForge, forgeFactories } from "../forges.ts";
import { withForgeOptions, type ForgeOptions } from "../release/context.ts";
import { readJsonFile } from "./registry-run.ts";
import { reportToCi } from "../ci-report.ts";
import { EXIT } from "../exit-codes.ts";
import { hostChange, parseAtFlag, parseCheckFlags, parseDeployedFlags, parseOverrideFlags, type OverrideFlags } from "../gate/gate-flags.ts";
import { hostRef, targetRefOf } from "../gate/target-ref.ts";
import { decisionText } from "../gate/decision-text.ts";

interface GateOptions extends ForgeOptions, OverrideFlags {
  env?: string;
  at?: string;
  branch?: string;
  tag?: string;
  commit?: string;
  targetRef?: string;
  check: string[];
  deployed: string[];
  label: string[];
  plan?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function planFile(path: string | undefined, cwd: string): Promise<ReleasePlan | undefined> {
  if (path === undefined) return undefined;
  const json = await readJsonFile(isAbsolute(path) ? path : join(cwd, path), "--plan");
  if (typeof json !== "object" || json === null || (json as { schema?: unknown }).schema !== "relm.plan/1") {
    throw new RelmError("RELM_INPUT_INVALID", "usage", `--plan ${path} is not a relm plan`, { hint: "Write one with `relm plan --json > plan.json`." });
  }
  return json as ReleasePlan;
}

async function forgeReaders(kind: ReturnType<typeof detectForge>, cwd: string, git: ReturnType<typeof gitRepository>, token: string | undefined): Promise<Partial<ForgeAdapters>> {
  // Locally there is no forge to ask: checks and deployments come from --check and --deployed.
  if (kind === "local") return {};
  const factory = forgeFactories[kind];
  if (!factory) throw new RelmError("RELM_FORGE_UNAVAILABLE", "usage", `the ${kind} forge is not available in this build of relm`, { details: [{ where: "--forge", message: kind }] });
  return factory({ cwd, env: process.env, git, ...(token ? { token } : {}) });
}

export function registerGate(program: Command): void {
  withForgeOptions(program.command("gate"))
    .description("May this pipeline stage go on? Judges the run by the policy on the protected target branch. Exit 0 allowed, 1 denied, 2 usage or configuration error.")
    .option("--env <name>", "the environment the stage deploys to (policy.environments.<name>)")
    .option("--at <instant>", "judge as of this ISO 8601 instant (e.g. 2026-12-24T17:00:00+01:00) instead of now")
    .option("--branch <name>", "the branch the release is cut from (default: the CI host's, else the checked-out branch)")
    .option("--tag <name>", "the tag the run is for")
    .option("--commit <ref>", "the release commit (default: HEAD)")
    .option("--target-ref <ref>", "where to read the policy from (default: the merge request's target, else the remote's default branch, else main)")
    .option("--check <name=conclusion>", "a check result on the release commit, when no forge reports them; repeat per check", collect, [])
    .option("--deployed <env=version@instant>", "a successful deployment, when no forge reports them; repeat", collect, [])
    .option("--label <name>", "a label on the change (risk classes, override via label); repeat (default in a GitLab merge request pipeline: its labels)", collect, [])
    .option("--plan <file>", "the release plan (`relm plan --json`); computed when the policy needs it and this is absent")
    .option("--override-by <login>", "break glass: who asks (default in CI: the job's user, GITLAB_USER_LOGIN or GITHUB_TRIGGERING_ACTOR)")
    .option("--override-reason <text>", "break glass: why (mandatory)")
    .option("--override-rules <rules>", "break glass: the rules to lift, comma-separated (freeze, checks, promotion, soak, branch, tag)")
    .option("--override-via <channel>", "break glass: input (default) or label")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<GateOptions>();
      const globals = globalOptions(command);
      const git = gitRepository(globals.cwd);
      const root = await git.root();
      const at = parseAtFlag(o.at);
      const override = parseOverrideFlags(o, process.env);
      const change = hostChange(process.env);
      const labels = o.label.length > 0 ? o.label : change.labels;
      const kind = detectForge(process.env, o.forge);
      const readers = await forgeReaders(kind, root, git, o.token);
      const targetRef = await targetRefOf(git, process.env, o.targetRef);
      const commit = await git.resolve(o.commit ?? "HEAD");
      const plan = await planFile(o.plan, globals.cwd);
      const host = hostRef(process.env);
      const branch = o.branch ?? host.branch;
      const tag = o.tag ?? host.tag;
      const { decision } = await runGate(
        {
          git,
          clock: systemClock,
          ...(readers.checks ? { checks: readers.checks } : {}),
          ...(readers.deployments ? { deployments: readers.deployments } : {}),
          ...(readers.freezes ? { freezes: readers.freezes } : {}),
          ...(readers.members ? { members: readers.members } : {}),
        },
        {
          targetRef,
          commit,
          ...(globals.config ? { configPath: globals.config } : {}),
          ...(o.env ? { environment: o.env } : {}),
          ...(at ? { at } : {}),
          ...(tag ? { tag } : branch ? { branch } : {}),
          ...(o.check.length > 0 || !readers.checks ? { checks: parseCheckFlags(o.check) } : {}),
          ...(o.deployed.length > 0 ? { deployments: parseDeployedFlags(o.deployed, commit) } : {}),
          ...(labels && labels.length > 0 ? { labels } : {}),
          ...(override ? { override } : change.labelOverride ? { labelOverride: change.labelOverride } : {}),
          ...(plan ? { plan } : {}),
        },
      );
      const json = `${JSON.stringify(decision, null, 2)}\n`;
      reportToCi(process.env, { RELM_DECISION: decision.allowed ? "allowed" : "denied" }, { "decision.json": json });
      process.stdout.write(globals.json ? json : decisionText(decision));
      process.exitCode = decision.allowed ? EXIT.ok : EXIT.refused;
    });
}
