import type { Command } from "commander";
import { RelmError } from "@relm/core/errors";
import type { ReleasePulls } from "@relm/core/ports/release-pulls";
import { prepareRelease } from "@relm/core/usecases/prepare";
import { releasePull, type ReleasePullResult } from "@relm/core/usecases/release-pull";
import { systemClock } from "@relm/core";
import { detectForge } from "../forges.ts";
import { loadProjectConfig } from "../load-project-config.ts";
import { workTreeReader } from "../prepare/work-tree-files.ts";
import { targetCandidate } from "../release/target-candidate.ts";
import { runPlan } from "./plan-run.ts";

interface PrOptions {
  forge?: string;
  token?: string;
  base?: string;
  dryRun: boolean;
}

/** The GitHub side of `relm pr`; GitHub's client library is loaded only when GitHub is used. */
async function githubPulls(env: NodeJS.ProcessEnv, token: string | undefined): Promise<ReleasePulls> {
  const { createGitHubClient, gitHubReleasePulls } = await import("@relm/github");
  const auth = token ?? (env.RELM_GITHUB_TOKEN || env.GITHUB_TOKEN);
  if (!auth) throw new RelmError("RELM_GITHUB_TOKEN", "usage", "talking to GitHub needs a token", { hint: "Pass --token, or set GITHUB_TOKEN." });
  if (!env.GITHUB_REPOSITORY) throw new RelmError("RELM_GITHUB_CONTEXT", "usage", "GITHUB_REPOSITORY is not set", { details: [{ where: "GITHUB_REPOSITORY", message: "expected owner/name" }] });
  return gitHubReleasePulls(createGitHubClient({ token: auth, repository: env.GITHUB_REPOSITORY, ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) }));
}

function resultText(r: ReleasePullResult): string {
  const would = r.dryRun ? "would be " : "";
  const where = r.pull ? ` #${r.pull.number} ${r.pull.url}` : "";
  if (r.action === "nothing") return `no release PR: ${r.reason ?? "nothing to release"}\n`;
  if (r.action === "closed") return `release PR${where} ${would}closed: ${r.reason ?? "nothing to release"}\n`;
  const commit = r.committed ? `${r.dryRun ? "a new commit" : `commit ${r.commit ?? ""}`} on ${r.branch}` : `${r.branch} already up to date`;
  return `release PR${where} ${would}${r.action}: ${r.title ?? ""} (${commit})\n`;
}

export function registerPr(program: Command): void {
  program
    .command("pr")
    .configureHelp({ showGlobalOptions: true })
    .description("Open or update the release PR (GitHub) or MR (GitLab) of the base branch: the prepared files committed through the forge's API on relm/release-<base>; closed when nothing is to be released. Idempotent.")
    .option("--forge <kind>", "github or gitlab (default: the CI host)")
    .option("--token <token>", "forge token (default: GITHUB_TOKEN; GITLAB_TOKEN)")
    .option("--base <branch>", "the base branch (default: GITHUB_REF_NAME, CI_COMMIT_BRANCH, else main)")
    .option("--dry-run", "say what would be done; commit, open and close nothing", false)
    .action(async (_o: unknown, command: Command) => {
      const o = command.opts<PrOptions>();
      const env = process.env;
      const kind = detectForge(env, o.forge);
      if (kind !== "github") throw new RelmError("RELM_PR_FORGE", "usage", `relm pr needs a forge: github (gitlab is not wired yet), not ${kind}`, { hint: "Pass --forge github." });
      const run = await runPlan(command);
      const base = o.base ?? (env.GITHUB_REF_NAME || env.CI_COMMIT_BRANCH || "main");
      const prepared = await prepareRelease({ workTree: workTreeReader(run.root) }, { plan: run.plan, config: run.config, configFile: run.source.file, lineOf: (p) => run.source.lineOf(p) });
      const loaded = await loadProjectConfig(run.globals);
      const found = prepared.released
        ? await targetCandidate({ git: run.git, root: run.root, loaded, globals: run.globals, env, clock: systemClock, ...(run.authors ? { authors: run.authors } : {}) }, {})
        : undefined;
      const notes = run.plan.packages.filter((p) => p.released).map((p) => p.notes).join("\n\n");
      const pulls = await githubPulls(env, o.token);
      const result = await releasePull(
        { pulls },
        { base, prepared, notes, ...(found?.candidate ? { candidateDigest: found.candidate.digest } : {}), dryRun: o.dryRun },
      );
      process.stdout.write(run.globals.json ? `${JSON.stringify(result, null, 2)}\n` : resultText(result));
    });
}
