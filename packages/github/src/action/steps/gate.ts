// relm gate: may this stage go on? The policy comes from the target branch; violations become annotations.
import { runGate, systemClock } from "@relm/core";
import { verifiedHistory } from "@relm/core/usecases/deploy";
import { openRegistry } from "@relm/registry";
import { registerGitHubReleaseBackend } from "../../release-registry-backend.ts";
import { annotateViolations, gateSummary, overrideText, policyText } from "../gate-report.ts";
import { input, readSettings } from "../inputs.ts";
import { overrideInputs, overrideRequestOf } from "../override-request.ts";
import { openProject } from "../project.ts";
import { runRefs } from "../refs.ts";
import { githubForge } from "../../forge.ts";
import { mergedPullRequestOf } from "../../merged-pull-request.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token with checks, statuses and deployments read"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  registry: input.text(""),
  environment: input.required("the environment the release goes to, e.g. production"),
  commit: input.text(""),
  "fail-on-deny": input.boolean(true),
  ...overrideInputs,
};

/** The `gate` step: what actions/gate runs, and the root action for `step: gate`. */
export async function gateStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  const project = await openProject(run, s);
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const refs = await runRefs(run, env, project.git, (sha) => mergedPullRequestOf(forge.client, sha, (m) => runtime.warning(m)));
  if (refs.labelsFrom !== undefined) runtime.info(`gate: labels of the merged pull request #${refs.labelsFrom}: ${refs.labels?.join(", ") || "none"}`);
  // The deployments relm recorded are read before GitHub's, so this job and a local run judge one history.
  registerGitHubReleaseBackend();
  const url = s.registry || project.config.registry?.url || "file:.relm/registry";
  const registry = await openRegistry(url, { cwd: project.cwd, env: { ...env, GITHUB_TOKEN: s.token }, fetch: globalThis.fetch, ...(project.config.registry ? { options: project.config.registry } : {}) });
  const history = await verifiedHistory(registry);
  const { decision } = await runGate(
    { git: project.git, clock: systemClock, checks: forge.checks, deployments: forge.deployments, members: forge.members, history },
    {
      targetRef: refs.targetRef,
      commit: s.commit || "HEAD",
      configPath: s.config,
      environment: s.environment,
      ...(refs.branch ? { branch: refs.branch } : {}),
      ...(refs.tag ? { tag: refs.tag } : {}),
      ...(refs.labels ? { labels: refs.labels } : {}),
      ...overrideRequestOf(s, run, refs),
    },
  );
  runtime.setOutput("decision", decision.allowed ? "allow" : "deny");
  runtime.setOutput("violations", JSON.stringify(decision.violations));
  runtime.setOutput("override", decision.override ? JSON.stringify(decision.override) : "");
  annotateViolations(runtime, decision);
  runtime.info(`gate: policy ${policyText(decision, refs.targetReason)}`);
  const used = overrideText(decision);
  if (used) runtime.info(`gate: ${used}`);
  runtime.info(`gate: ${decision.allowed ? "allow" : "deny"} (${decision.violations.length} violation${decision.violations.length === 1 ? "" : "s"}, risk class ${decision.riskClass.name})`);
  runtime.summary(gateSummary(decision, refs.targetReason));
  if (!decision.allowed && s["fail-on-deny"]) process.exitCode = 1;
}
