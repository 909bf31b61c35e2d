// The root action's `step: release`: gate, plan, approve, tag and publish in order (core's release use case).
import { approvalRuleFor, durationMs, floatingTagMove, planToJson, publishRelease, recordRefusal, release, releaseCandidate, RelmError, runGate, systemClock, type ApprovalReader, type PlanStepResult, type PublishedRecord, type TagTarget } from "@relm/core";
import { artifactsFromFiles, digestOf, openRegistry } from "@relm/registry";
import { globSync } from "node:fs";
import { approvalsOutput } from "../approval-record.ts";
import { changeRequestJudge } from "../change-request-judge.ts";
import { input, readSettings } from "../inputs.ts";
import { releaseAuthorship, releaseBefore, releaseCommits, tagTargets, versionOutputs } from "../plan-facts.ts";
import { openProject, planProject, stepLogins } from "../project.ts";
import { runRefs } from "../refs.ts";
import { unfinishedTargets } from "../resume.ts";
import { approvalsTable, planSummary } from "../summary.ts";
import { annotateViolations, gateSummary, overrideText, policyText } from "../gate-report.ts";
import { overrideInputs, overrideRequestOf } from "../override-request.ts";
import { changeRequestApprovals } from "../../change-request.ts";
import { mergedPullRequestOf } from "../../merged-pull-request.ts";
import { githubForge } from "../../forge.ts";
import { attestRelease, requireAttestationPermissions } from "../attest-release.ts";
import { escapeMarkdown } from "../../markdown.ts";
import { registerGitHubReleaseBackend } from "../../release-registry-backend.ts";
import type { ActionContext } from "../run-action.ts";
import { markTaggedPulls } from "@relm/core/usecases/tagged-pulls";

const inputs = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "working-directory": input.text("."),
  environment: input.text(""),
  draft: input.boolean(false),
  prerelease: input.oneOf(["auto", "true", "false"], "auto"),
  "make-latest": input.oneOf(["true", "false", "legacy"], "true"),
  "floating-tag": input.boolean(false),
  "dry-run": input.boolean(false),
  registry: input.text(""),
  artifacts: input.lines(),
  mode: input.optionalOneOf(["environment", "change-request"]),
  "poll-interval": input.duration("30s"),
  timeout: input.optionalDuration(),
  attest: input.boolean(false),
  ...overrideInputs,
};

export async function releaseStep({ env, runtime, run, attest }: ActionContext): Promise<void> {
  const s = readSettings(inputs, env);
  runtime.mask(s.token);
  if (s.attest && !s["dry-run"]) requireAttestationPermissions(env);
  registerGitHubReleaseBackend();
  const prerelease = s.prerelease === "auto" ? "auto" : s.prerelease === "true";
  const project = await openProject(run, s);
  const { git, config } = project;
  const forge = githubForge({ token: s.token, repository: run.repository, baseUrl: run.apiUrl, serverUrl: run.serverUrl, log: (m) => runtime.warning(m) });
  const refs = await runRefs(run, env, git, (sha) => mergedPullRequestOf(forge.client, sha, (m) => runtime.warning(m)));
  if (refs.labelsFrom !== undefined) runtime.info(`gate: labels of the merged pull request #${refs.labelsFrom}: ${refs.labels?.join(", ") || "none"}`);
  const environment = s.environment || undefined;
  const plan = await planProject(project, run, stepLogins(s.token, run, env));
  // The gate runs once, first: its decision also names the CAB rule (raised by the risk class).
  const gated = await runGate(
    { git, clock: systemClock, checks: forge.checks, deployments: forge.deployments, members: forge.members },
    {
      targetRef: refs.targetRef,
      configPath: s.config,
      plan,
      ...(environment ? { environment } : {}),
      ...(refs.branch ? { branch: refs.branch } : {}),
      ...(refs.tag ? { tag: refs.tag } : {}),
      ...(refs.labels ? { labels: refs.labels } : {}),
      ...overrideRequestOf(s, run, refs),
    },
  );
  const { decision } = gated;
  annotateViolations(runtime, decision);
  runtime.info(`gate: policy ${policyText(decision, refs.targetReason)}`);
  const used = overrideText(decision);
  if (used) runtime.info(`gate: ${used}`);
  // The policy that judged the run also names the CAB rule, raised by the risk class (and never
  // lowered by an override).
  const base = approvalRuleFor(gated.config.config, environment, decision);
  const rule = base ? { ...base, ...(s.mode ? { mode: s.mode } : {}), ...(s.timeout ? { timeout: s.timeout } : {}) } : undefined;
  const triggeredBy = run.triggeringActor ?? run.actor;
  const files = s.artifacts.flatMap((pattern) => {
    const matched = globSync(pattern, { cwd: project.cwd }).sort();
    if (matched.length === 0) throw new RelmError("RELM_ACTION_INPUT", "usage", "invalid input artifacts", { details: [{ where: "input artifacts", message: `no file matches ${JSON.stringify(pattern)}` }] });
    return matched;
  });
  const registryUrl = s.registry || config.registry?.url || "file:.relm/registry";
  const registry = await openRegistry(registryUrl, { cwd: project.cwd, env: { ...env, GITHUB_TOKEN: s.token }, fetch: globalThis.fetch, ...(config.registry ? { options: config.registry } : {}) });

  const pipelineOfRun = () => ({ provider: "github" as const, ...(run.runId ? { id: run.runId, url: `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}` } : {}) });

  async function planStep(targets: TagTarget[], released: boolean): Promise<PlanStepResult> {
    const first = plan.packages[0];
    const before = first ? await releaseBefore(git, plan, first) : undefined;
    const commits = released ? await releaseAuthorship(git, plan) : await releaseCommits(git, plan);
    return { targets, commits, range: { ...(before ? { from: before.tag } : {}), to: plan.range.to, commits: commits.length }, plan };
  }

  let approvals: ApprovalReader = forge.approvals!;
  if (rule?.mode === "change-request" && environment) {
    const commits = plan.released ? await releaseAuthorship(git, plan) : await releaseCommits(git, plan);
    const what = versionOutputs(plan).tag || plan.range.to.slice(0, 12);
    approvals = changeRequestApprovals(forge.client, {
      title: `relm: release ${what} to ${environment}`,
      identity: `release ${what} to ${environment}`,
      body: [`Release **${escapeMarkdown(what)}** to **${escapeMarkdown(environment)}**, risk class **${escapeMarkdown(decision.riskClass.name)}** (${escapeMarkdown(decision.riskClass.because)}).`, `Quorum: ${rule.quorum} CAB member(s).`, "", planSummary(plan, "Plan")].join("\n"),
      judge: changeRequestJudge({ environment, rule, commits, ...(triggeredBy ? { triggeredBy } : {}), members: forge.members!, clock: systemClock }),
      pollIntervalMs: durationMs(s["poll-interval"]) ?? 30_000,
      log: (m) => runtime.info(m),
    });
  }

  const result = await release(
    { ...(environment ? { environment } : {}), ...(rule ? { rule } : {}), ...(triggeredBy ? { triggeredBy } : {}), ...(run.runId ? { runId: run.runId } : {}), dryRun: s["dry-run"] },
    {
      steps: {
        gate: async () => ({ allowed: decision.allowed, reasons: decision.violations.map((v) => `${v.code}: ${v.message}`), decision, ...(decision.policy.revision ? { policyRevision: decision.policy.revision } : {}) }),
        plan: () => planStep(tagTargets(plan, prerelease), true),
        candidate: async (planned, gate) => {
          const artifacts: { name: string; sha256: string; size: number }[] = [];
          for (const a of await artifactsFromFiles(project.cwd, files)) artifacts.push({ name: a.name, ...(await digestOf(a.open())) });
          return releaseCandidate({ project: config.project ?? run.repository, plan: planned, gate, artifacts }, { git });
        },
        refused: async (refusal) => {
          const events = await recordRefusal(refusal, { project: config.project ?? run.repository, at: new Date().toISOString(), ...(triggeredBy ? { actor: triggeredBy } : {}), pipeline: pipelineOfRun() }, { registry });
          for (const e of events) if (e.created) runtime.info(`recorded the refusal in the registry: ${e.where}`);
        },
        unfinished: async () => {
          const targets = await unfinishedTargets(plan, forge.tags, prerelease);
          if (targets.length === 0) return undefined;
          const published = new Set((await registry.records()).map((r) => r.version));
          const open = targets.filter((t) => !published.has(t.version));
          return open.length > 0 ? planStep(open, false) : undefined;
        },
        publish: async ({ plan: planned, gate, approval, environment: env2, candidate }) => {
          const records: PublishedRecord[] = [];
          for (const t of planned.targets) {
            const r = await publishRelease(
              {
                release: {
                  project: config.project ?? run.repository,
                  ...(t.package ? { package: t.package } : {}),
                  version: t.version,
                  tag: t.tag,
                  commit: t.commit,
                  range: planned.range,
                  notes: t.notes,
                  ...(env2 ? { environment: env2 } : {}),
                  gate: { allowed: gate.allowed, ...(gate.policyRevision ? { policyRevision: gate.policyRevision } : {}) },
                  ...(approval ? { approval: { valid: approval.verdict.valid, evidence: approval.evidence, assurance: "forge" as const } } : {}),
                  ...(candidate ? { candidate: { digest: candidate.digest, value: candidate.candidate } } : {}),
                  pipeline: pipelineOfRun(),
                },
                artifacts: await artifactsFromFiles(project.cwd, files),
                now: new Date().toISOString(),
                repository: `${run.serverUrl}/${run.repository}`,
              },
              { registry },
            );
            if (s.attest) {
              const made = await attestRelease(r.record, { registry, token: s.token, attest: attest ?? (await import("@actions/attest")).attest });
              if (made) runtime.info(`${t.tag}: provenance attested${made.attestationId ? ` (attestation ${made.attestationId})` : ""}`);
            }
            records.push({ version: t.version, tag: t.tag, digest: r.digest, where: registry.location, artifacts: r.record.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })), written: r.created });
          }
          return records;
        },
      },
      tags: { tags: forge.tags, releases: forge.releases },
      approvals,
      members: forge.members!,
      clock: systemClock,
      runtime,
    },
  );

  const outcome = result.tag?.outcomes[0];
  if (s["floating-tag"] && result.status === "released" && outcome) {
    // Only forward: a backport (1.2.4 after 1.3.0) leaves `v1` where it is.
    const floating = floatingTagMove(outcome, (await git.tags()).map((t) => t.name));
    if (floating) await forge.tags.moveTag({ name: floating, commit: outcome.commit });
    else runtime.info(`floating tag: ${outcome.tag} is not the newest release of its major version, so the floating tag stays`);
  }
  // Last and best effort: the release PR this came from is marked; a failure only warns.
  if (result.status === "released") await markTaggedPulls({ pulls: forge.taggedPulls, runtime }, (result.tag?.outcomes ?? []).map((o) => o.commit));
  const firstTarget = result.plan?.targets[0];
  runtime.setOutput("version", firstTarget?.version ?? "");
  runtime.setOutput("tag", firstTarget?.tag ?? "");
  runtime.setOutput("bump", versionOutputs(plan).bump);
  runtime.setOutput("released", String(result.status === "released"));
  runtime.setOutput("decision", result.refusedAt === "approve" ? "rejected" : decision.allowed ? "allow" : "deny");
  runtime.setOutput("record-digest", result.records?.[0]?.digest ?? "");
  runtime.setOutput("candidate-digest", result.candidate?.digest ?? "");
  runtime.setOutput("violations", JSON.stringify(decision.violations));
  runtime.setOutput("override", decision.override ? JSON.stringify(decision.override) : "");
  runtime.setOutput("approvals", result.approval ? approvalsOutput(result.approval, firstTarget?.version ?? "") : "");
  runtime.setOutput("release-url", outcome?.release?.url ?? "");
  runtime.setOutput("release-id", outcome?.release?.id ?? "");
  runtime.setOutput("registry", result.records?.[0]?.where ?? "");
  runtime.setOutput("notes", (result.plan?.targets ?? []).map((t) => t.notes).join("\n"));
  runtime.setOutput("plan", planToJson(plan));
  runtime.summary(
    [
      `## relm release: ${result.status}${result.resumed ? " (completed an earlier run)" : ""}`,
      "",
      ...result.reasons.map((r) => `- ${escapeMarkdown(r)}`),
      "",
      planSummary(plan, "Plan"),
      gateSummary(decision, refs.targetReason).replace(/^## relm gate/, "### Gate"),
      ...(result.approval ? ["### Approvals", "", approvalsTable(result.approval.evidence), ""] : []),
      ...(result.records ?? []).map((r) => `Record \`${r.digest}\` in \`${escapeMarkdown(r.where ?? "")}\`.`),
      "",
    ].join("\n"),
  );
  if (result.status === "refused") {
    for (const r of result.reasons) runtime.error(r);
    process.exitCode = 1;
  }
}
