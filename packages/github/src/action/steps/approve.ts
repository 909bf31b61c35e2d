// relm approve: is the environment approval (or the change request's comments) a valid CAB sign-off?
import { approvalsOutput } from "../approval-record.ts";
import { input, readSettings } from "../inputs.ts";
import { versionOutputs } from "../plan-facts.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { signOffOf } from "../sign-off.ts";
import { approvalsTable } from "../summary.ts";
import { githubForge } from "../../forge.ts";
import { escapeMarkdown } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";

const inputs = {
  token: input.required("a GitHub token with actions read"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  environment: input.required("the environment whose approval is judged, e.g. production"),
  mode: input.optionalOneOf(["environment", "change-request"]),
  "poll-interval": input.duration("30s"),
  timeout: input.optionalDuration(),
  "candidate-digest": input.optionalDigest(),
};

/** The `approve` step: what actions/approve runs, and the root action for `step: approve`. */
export async function approveStep({ env, runtime, run }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  const project = await openProject(run, s);
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const plan = await planProject(project, run, stepLogins(s.token, run, env));
  const { rule, candidate, result } = await signOffOf({ env, runtime, run }, project, plan, forge, {
    environment: s.environment,
    config: s.config,
    ...(s.mode ? { mode: s.mode } : {}),
    ...(s.timeout ? { timeout: s.timeout } : {}),
    pollInterval: s["poll-interval"],
    ...(s["candidate-digest"] ? { candidateDigest: s["candidate-digest"] } : {}),
  });
  if (candidate) runtime.setOutput("candidate-digest", candidate.digest);
  if (!rule || !result) {
    runtime.info(`no CAB sign-off is required for ${s.environment}`);
    runtime.setOutput("decision", "approved");
    runtime.setOutput("approvals", "[]");
    runtime.summary(`## relm approve\n\nNo CAB sign-off is required for ${escapeMarkdown(s.environment)}.\n`);
    return;
  }
  const { version } = versionOutputs(plan);
  const verdict = result.verdict;
  runtime.setOutput("decision", verdict.valid ? "approved" : "rejected");
  runtime.setOutput("approvals", approvalsOutput(result, version));
  for (const m of verdict.messages) runtime.info(m);
  runtime.summary(
    [
      "## relm approve",
      "",
      `${verdict.valid ? "**Approved**" : "**Not approved**"}: ${verdict.counted.length} of ${verdict.quorum} CAB approval(s) for ${escapeMarkdown(s.environment)}${candidate ? `, release candidate \`${candidate.digest}\`` : ""}.`,
      "",
      approvalsTable(result.evidence),
      "",
      ...verdict.ignored.map((i) => `- ${escapeMarkdown(i.user)}: ${escapeMarkdown(i.message)}`),
      "",
    ].join("\n"),
  );
  if (!verdict.valid) {
    for (const m of verdict.messages) runtime.error(m);
    process.exitCode = 1;
  }
}
