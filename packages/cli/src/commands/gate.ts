import { isAbsolute, join } from "node:path";
import type { Command } from "commander";
import { RelmError, runGate, systemClock, type ReleasePlan } from "@relm/core";
import { gitRepository } from "@relm/git";
import { globalOptions } from "../global-options.ts";
import { detectForge } from "../forges.ts";
import { forgeReaders } from "../gate/forge-readers.ts";
import { withForgeOptions, type ForgeOptions } from "../release/context.ts";
import { readJsonFile, withRegistryOption } from "./registry-run.ts";
import { registryHistory } from "../gate/registry-history.ts";
import { reportToCi } from "../ci-report.ts";
import { EXIT } from "../exit-codes.ts";
import { parseAtFlag, parseCheckFlags, parseDeployedFlags } from "../gate/gate-flags.ts";
import { gateAsk, withGateAskOptions, type GateAskFlags } from "../gate/gate-ask.ts";
import { decisionText } from "../gate/decision-text.ts";
import { workingTreePolicyDiffers, workingTreePolicyNote } from "../gate/working-tree-policy.ts";
import { collect } from "../collect.ts";

interface GateOptions extends ForgeOptions, GateAskFlags {
  env?: string;
  at?: string;
  commit?: string;
  check: string[];
  deployed: string[];
  plan?: string;
  version?: string;
}

async function planFile(path: string | undefined, cwd: string): Promise<ReleasePlan | undefined> {
  if (path === undefined) return undefined;
  const json = await readJsonFile(isAbsolute(path) ? path : join(cwd, path), "--plan");
  if (typeof json !== "object" || json === null || (json as { schema?: unknown }).schema !== "relm.plan/1") {
    throw new RelmError("RELM_INPUT_INVALID", "usage", `--plan ${path} is not a relm plan`, { hint: "Write one with `relm plan --json > plan.json`." });
  }
  return json as ReleasePlan;
}

export function registerGate(program: Command): void {
  withRegistryOption(withGateAskOptions(withForgeOptions(program.command("gate"))))
    .description("May this pipeline stage go on? Judges the run by the policy on the protected target branch. Exit 0 allowed, 1 denied, 2 usage or configuration error.")
    .option("--env <name>", "the environment the stage deploys to (policy.environments.<name>)")
    .option("--at <instant>", "judge as of this ISO 8601 instant (e.g. 2026-12-24T17:00:00+01:00) instead of now")
    .option("--branch <name>", "the branch the release is cut from (default: the CI host's, else the checked-out branch)")
    .option("--tag <name>", "the tag the run is for")
    .option("--commit <ref>", "the release commit (default: HEAD)")
    .option("--target-ref <ref>", "where to read the policy from (default: the merge request's target, else the remote's default branch, else main)")
    .option("--check <name=conclusion>", "a check result on the release commit, when no forge reports them; repeat per check", collect, [])
    .option("--deployed <env=version@instant>", "a successful deployment, when no forge reports them; repeat", collect, [])
    .option("--plan <file>", "the release plan (`relm plan --json`); computed when the policy needs it and this is absent")
    .option("--version <version>", "the release to judge (default: the release published from the commit, else the next version)")
    .action(async (_opts: unknown, command: Command) => {
      const o = command.opts<GateOptions>();
      const globals = globalOptions(command);
      const git = gitRepository(globals.cwd);
      const root = await git.root();
      const at = parseAtFlag(o.at);
      const ask = await gateAsk(git, process.env, o);
      const kind = detectForge(process.env, o.forge);
      const readers = await forgeReaders(kind, { cwd: root, git, env: process.env, token: o.token });
      const commit = await git.resolve(o.commit ?? "HEAD");
      const plan = await planFile(o.plan, globals.cwd);
      const history = o.env ? await registryHistory(command) : undefined;
      const { decision } = await runGate(
        {
          git,
          clock: systemClock,
          ...(readers.checks ? { checks: readers.checks } : {}),
          ...(readers.deployments ? { deployments: readers.deployments } : {}),
          ...(readers.freezes ? { freezes: readers.freezes } : {}),
          ...(readers.members ? { members: readers.members } : {}),
          ...(history ? { history } : {}),
        },
        {
          ...ask,
          commit,
          ...(globals.config ? { configPath: globals.config } : {}),
          ...(o.env ? { environment: o.env } : {}),
          ...(at ? { at } : {}),
          ...(o.check.length > 0 || !readers.checks ? { checks: parseCheckFlags(o.check) } : {}),
          ...(o.deployed.length > 0 ? { deployments: parseDeployedFlags(o.deployed, commit) } : {}),
          ...(plan ? { plan } : {}),
          ...(o.version ? { version: o.version } : {}),
        },
      );
      const differs = await workingTreePolicyDiffers(git, root, decision.policy);
      const json = `${JSON.stringify(differs ? { ...decision, policy: { ...decision.policy, workingTreeDiffers: true } } : decision, null, 2)}\n`;
      reportToCi(process.env, { RELM_DECISION: decision.allowed ? "allowed" : "denied" }, { "decision.json": json });
      process.stdout.write(globals.json ? json : decisionText(decision));
      if (differs) process.stderr.write(workingTreePolicyNote(decision.policy));
      process.exitCode = decision.allowed ? EXIT.ok : EXIT.refused;
    });
}
