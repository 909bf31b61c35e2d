// relm gate: may this stage go on? The policy comes from the target branch; violations become annotations.
import { runGate, systemClock } from "@relm/core";
import { annotateViolations, gateSummary } from "../gate-report.ts";
import { input, readSettings } from "../inputs.ts";
import { openProject } from "../project.ts";
import { runRefs } from "../refs.ts";
import { githubForge } from "../../forge.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token with checks, statuses and deployments read"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  environment: input.required("the environment the release goes to, e.g. production"),
  commit: input.text(""),
  "fail-on-deny": input.boolean(true),
};

/** The `gate` step: what actions/gate runs, and the root action for `step: gate`. */
export async function gateStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  const project = await openProject(run, s);
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const refs = runRefs(run, env);
  const { decision } = await runGate(
    { git: project.git, clock: systemClock, checks: forge.checks, deployments: forge.deployments, members: forge.members },
    { targetRef: refs.targetRef, commit: s.commit || "HEAD", configPath: s.config, environment: s.environment, ...(refs.branch ? { branch: refs.branch } : {}), ...(refs.tag ? { tag: refs.tag } : {}), ...(refs.labels ? { labels: refs.labels } : {}) },
  );
  runtime.setOutput("decision", decision.allowed ? "allow" : "deny");
  runtime.setOutput("violations", JSON.stringify(decision.violations));
  annotateViolations(runtime, decision);
  runtime.info(`gate: ${decision.allowed ? "allow" : "deny"} (${decision.violations.length} violation${decision.violations.length === 1 ? "" : "s"}, risk class ${decision.riskClass.name})`);
  runtime.summary(gateSummary(decision));
  if (!decision.allowed && s["fail-on-deny"]) process.exitCode = 1;
}
