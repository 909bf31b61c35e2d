// relm pr: the release PR of the base branch opened, updated or closed through the API, its commit
// signed by GitHub (GraphQL createCommitOnBranch) where this GitHub can.
import { runGate, RelmError, systemClock } from "@relm/core";
import { prepareRelease } from "@relm/core/usecases/prepare";
import { releasePull, type ReleasePullResult } from "@relm/core/usecases/release-pull";
import { input, readSettings } from "../inputs.ts";
import { planCandidate } from "../plan-candidate.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { runRefs } from "../refs.ts";
import { createGitHubClient } from "../../client.ts";
import { escapeMarkdown } from "../../markdown.ts";
import { COMMIT_VIA, gitHubReleasePulls } from "../../release-pulls.ts";
import type { GitHubRunContext } from "../../context.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token with contents: write, pull-requests: write and issues: write"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  base: input.text(""),
  "commit-via": input.oneOf(COMMIT_VIA, "auto"),
  "dry-run": input.boolean(false),
};

/** The base branch: the input, else the branch this run is on (a push to main makes the PR onto main). */
function baseOf(given: string, run: GitHubRunContext, env: NodeJS.ProcessEnv): string {
  if (given) return given;
  if (run.ref.startsWith("refs/heads/")) return env.GITHUB_REF_NAME || run.ref.slice("refs/heads/".length);
  throw new RelmError("RELM_ACTION_INPUT", "usage", "invalid input base", {
    details: [{ where: "input base", message: `empty, and this run is on ${run.ref || "no ref"}, not a branch: name the base branch` }],
    hint: "run the step on a push to the base branch, or set base",
  });
}

function summaryOf(r: ReleasePullResult): string {
  const pull = r.pull ? `[#${r.pull.number}](${encodeURI(r.pull.url)})` : "the release PR";
  const title = r.title ? `: ${escapeMarkdown(r.title)}` : "";
  const commit = r.committed ? (r.commit ? `commit \`${r.commit.slice(0, 12)}\` on \`${escapeMarkdown(r.branch)}\`` : `a new commit on \`${escapeMarkdown(r.branch)}\``) : `\`${escapeMarkdown(r.branch)}\` already up to date`;
  const what = r.action === "nothing" || r.action === "closed" ? `${escapeMarkdown(r.reason ?? "nothing to release")}` : commit;
  return ["## relm pr", "", `${r.dryRun ? "Dry run: " : ""}${pull} ${r.action}${title} (${what}).`, ""].join("\n");
}

/** The `pr` step: what actions/pr runs, and the root action for `step: pr`. */
export async function prStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  const base = baseOf(s.base, run, env);
  const project = await openProject(run, s);
  const plan = await planProject(project, run, stepLogins(s.token, run, env));
  // The release commit holds the files as HEAD has them, the commit the PR's base is at.
  const prepared = await prepareRelease({ workTree: { read: (path) => project.git.readFile("HEAD", path) } }, { plan, config: project.config, configFile: s.config });
  // The digest the plan step shows and the CAB signs, so the PR names the candidate the reviewers approve.
  const refs = await runRefs(run, env, project.git);
  const decision = plan.released ? (await runGate({ git: project.git, clock: systemClock }, { targetRef: refs.targetRef, configPath: s.config, plan })).decision : undefined;
  const candidate = await planCandidate(project, plan, decision, { repository: run.repository });
  // No request log: a 404 is an answer here (no release branch yet), not something to warn about.
  const client = createGitHubClient({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl });
  const pulls = gitHubReleasePulls(client, { commitVia: s["commit-via"], warn: (m) => runtime.warning(m) });
  const notes = plan.packages.filter((p) => p.released).map((p) => p.notes).join("\n\n");
  const result = await releasePull({ pulls }, { base, prepared, notes, ...(candidate ? { candidateDigest: candidate.digest } : {}), dryRun: s["dry-run"] });
  runtime.setOutput("action", result.action);
  runtime.setOutput("pull-number", result.pull ? String(result.pull.number) : "");
  runtime.setOutput("pull-url", result.pull?.url ?? "");
  runtime.setOutput("branch", result.branch);
  runtime.info(`release PR ${result.pull ? `#${result.pull.number} ` : ""}${result.dryRun ? "(dry run) " : ""}${result.action}${result.commit ? `, commit ${result.commit}` : ""}`);
  runtime.summary(summaryOf(result));
}
