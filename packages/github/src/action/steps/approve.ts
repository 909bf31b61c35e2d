// relm approve: is the environment approval (or the change request's comments) a valid CAB sign-off?
import { approvalRuleFor, approveRelease, requireCandidate, runGate, systemClock, type ApprovalReader } from "@relm/core";
import { planCandidate } from "../plan-candidate.ts";
import { approvalsOutput } from "../approval-record.ts";
import { changeRequestJudge } from "../change-request-judge.ts";
import { input, readSettings } from "../inputs.ts";
import { releaseCommits, versionOutputs } from "../plan-facts.ts";
import { openProject, planProject } from "../project.ts";
import { runRefs } from "../refs.ts";
import { approvalsTable, planSummary } from "../summary.ts";
import { changeRequestApprovals } from "../../change-request.ts";
import { githubForge } from "../../forge.ts";
import { escapeMarkdown } from "../../markdown.ts";
import type { ActionContext } from "../run-action.ts";
import { durationMs } from "@relm/core";

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
  const refs = await runRefs(run, env, project.git);
  const plan = await planProject(project, run);
  const gated = await runGate({ git: project.git, clock: systemClock }, { targetRef: refs.targetRef, configPath: s.config, environment: s.environment, plan });
  const { decision } = gated;
  // The candidate of this checkout, as the plan job computed it: a sign-off is for this one only.
  const now = await planCandidate(project, plan, decision, { repository: run.repository });
  const candidate = now && s["candidate-digest"] ? requireCandidate("approve", { digest: s["candidate-digest"] }, now) : now;
  if (candidate) runtime.setOutput("candidate-digest", candidate.digest);
  // The CAB rule of the policy that judged the run (the target branch's), raised by the risk class.
  const base = approvalRuleFor(gated.config.config, s.environment, decision);
  if (!base) {
    runtime.info(`no CAB sign-off is required for ${s.environment}`);
    runtime.setOutput("decision", "approved");
    runtime.setOutput("approvals", "[]");
    runtime.summary(`## relm approve\n\nNo CAB sign-off is required for ${escapeMarkdown(s.environment)}.\n`);
    return;
  }
  const rule = { ...base, ...(s.mode ? { mode: s.mode } : {}), ...(s.timeout ? { timeout: s.timeout } : {}) };
  const commits = await releaseCommits(project.git, plan);
  const triggeredBy = run.triggeringActor ?? run.actor;
  const { version, tag } = versionOutputs(plan);
  const what = tag || plan.packages.find((p) => p.previous?.commit === plan.range.to)?.previous?.tag || plan.range.to.slice(0, 12);
  let approvals: ApprovalReader = forge.approvals!;
  if (rule.mode === "change-request") {
    approvals = changeRequestApprovals(forge.client, {
      title: `relm: release ${what} to ${s.environment}`,
      identity: `release ${what} to ${s.environment}`,
      body: [`Release **${escapeMarkdown(what)}** to **${escapeMarkdown(s.environment)}**, risk class **${escapeMarkdown(decision.riskClass.name)}** (${escapeMarkdown(decision.riskClass.because)}).`, `Quorum: ${rule.quorum} CAB member(s).`, "", planSummary(plan, "Plan")].join("\n"),
      judge: changeRequestJudge({ environment: s.environment, rule, commits, ...(triggeredBy ? { triggeredBy } : {}), members: forge.members!, clock: systemClock }),
      pollIntervalMs: durationMs(s["poll-interval"]) ?? 30_000,
      log: (m) => runtime.info(m),
    });
  }
  const result = await approveRelease(
    { environment: s.environment, rule, commits, ...(triggeredBy ? { triggeredBy } : {}), ...(run.runId ? { runId: run.runId } : {}), ...(candidate ? { candidate: candidate.digest } : {}) },
    { approvals, members: forge.members!, clock: systemClock },
  );
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
