import { Option, type Command } from "commander";
import { prepareRelease } from "@relm/core/usecases/prepare";
import { releasePull } from "@relm/core/usecases/release-pull";
import { releasePullPreview } from "@relm/core/usecases/release-pull-preview";
import { systemClock } from "@relm/core";
import type { CommitVia } from "@relm/github";
import { detectForge } from "../forges.ts";
import { loadProjectConfig } from "../load-project-config.ts";
import { workTreeReader } from "../prepare/work-tree-files.ts";
import { targetCandidate } from "../release/target-candidate.ts";
import { previewText, resultText } from "../prepare/pr-output.ts";
import { forgePulls, forgeToken } from "./forge-pulls.ts";
import { runPlan } from "./plan-run.ts";

interface PrOptions {
  forge?: string;
  token?: string;
  base?: string;
  dryRun: boolean;
  commitVia: CommitVia;
}

const COMMIT_VIA = ["auto", "graphql", "git-data"] as const satisfies readonly CommitVia[];

export function registerPr(program: Command): void {
  program
    .command("pr")
    .configureHelp({ showGlobalOptions: true })
    .description("Open or update the release PR (GitHub) or MR (GitLab) of the base branch: the prepared files committed through the forge's API on relm/release-<base> (on GitHub signed by GitHub); closed when nothing is to be released. Idempotent.")
    .option("--forge <kind>", "github or gitlab (default: the CI host)")
    .option("--token <token>", "forge token (default: RELM_GITHUB_TOKEN or GITHUB_TOKEN; RELM_GITLAB_TOKEN or GITLAB_TOKEN, never CI_JOB_TOKEN)")
    .option("--base <branch>", "the base branch (default: GITHUB_REF_NAME, CI_COMMIT_BRANCH, else main)")
    .addOption(new Option("--commit-via <how>", "GitHub: graphql (signed by GitHub), git-data (REST Git Data API, unsigned) or auto (signed where this GitHub can)").choices(COMMIT_VIA).default("auto"))
    .option("--dry-run", "say what would be done; commit, open and close nothing (without a token: what would be committed, the forge not asked)", false)
    .action(async (_o: unknown, command: Command) => {
      const o = command.opts<PrOptions>();
      const env = process.env;
      const kind = detectForge(env, o.forge);
      const token = forgeToken(kind, env, o.token);
      // A dry run needs no forge to say what it would commit: only whether a PR is open does.
      const preview = o.dryRun && (kind === "local" || token === undefined);
      // The forge first otherwise: a missing token fails before the plan is computed.
      const pulls = preview ? undefined : await forgePulls(kind, env, token, { commitVia: o.commitVia });
      const run = await runPlan(command);
      const base = o.base ?? (env.GITHUB_REF_NAME || env.CI_COMMIT_BRANCH || "main");
      const prepared = await prepareRelease({ workTree: workTreeReader(run.root) }, { plan: run.plan, config: run.config, configFile: run.source.file, lineOf: (p) => run.source.lineOf(p) });
      if (pulls === undefined) {
        const shown = releasePullPreview({ base, prepared });
        const why = kind === "local" ? "no forge to ask (local); pass --forge github or --forge gitlab with a token" : `no token; pass --token or set ${kind === "github" ? "GITHUB_TOKEN" : "RELM_GITLAB_TOKEN"}`;
        process.stdout.write(run.globals.json ? `${JSON.stringify(shown, null, 2)}\n` : previewText(shown, why));
        return;
      }
      const loaded = await loadProjectConfig(run.globals);
      const found = prepared.released
        ? await targetCandidate({ git: run.git, root: run.root, loaded, globals: run.globals, env, clock: systemClock, ...(run.authors ? { authors: run.authors } : {}) }, {})
        : undefined;
      const notes = run.plan.packages.filter((p) => p.released).map((p) => p.notes).join("\n\n");
      const result = await releasePull(
        { pulls },
        { base, prepared, notes, ...(found?.candidate ? { candidateDigest: found.candidate.digest } : {}), dryRun: o.dryRun },
      );
      process.stdout.write(run.globals.json ? `${JSON.stringify(result, null, 2)}\n` : resultText(result));
    });
}
