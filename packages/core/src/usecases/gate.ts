import type { Clock } from "../ports/clock.ts";
import type { CheckReader, CheckResult, Deployment, DeploymentReader, FreezeReader, MembershipReader } from "../ports/forge.ts";
import type { Git } from "../ports/git.ts";
import { isRelmError, RelmError } from "../errors.ts";
import { loadConfig, type LoadedConfig } from "../policy/load-config.ts";
import { evaluatePolicy } from "../policy/evaluate-policy.ts";
import type { Decision } from "../policy/decision.ts";
import type { GateFacts, GitRefFact, OverrideRequest, ReleaseSummary } from "../policy/gate-facts.ts";
import { releaseSummaryOf } from "../policy/release-summary.ts";
import type { ReleasePlan } from "../version/release-plan.ts";
import { planRelease } from "./plan.ts";
import type { ReleaseHistory } from "../deploy/release-history.ts";

export interface GateRequest {
  /** The protected branch whose policy judges the run (origin/main); never the change under review. */
  targetRef: string;
  /** The release commit (default HEAD). */
  commit?: string;
  /** Path of the configuration file in the repository (default .relm.yml). */
  configPath?: string;
  environment?: string;
  /** The instant to judge (ISO 8601); default the clock's now. */
  at?: string;
  /** The branch or tag the run is for, when the host says; default the checked-out branch. */
  branch?: string;
  tag?: string;
  /** Check results given directly (CLI flags); added to what a CheckReader returns. */
  checks?: CheckResult[];
  /** Deployment history given directly, per environment; used when there is no DeploymentReader. */
  deployments?: Record<string, Deployment[]>;
  labels?: string[];
  /** An override asked for by input (or label, fully formed); else the label request below; else a commit trailer on the release commit. */
  override?: OverrideRequest;
  /**
   * Who would be asking by label (the run's triggering user) and the change's description. When the
   * change carries policy.override.label, the description's `<trailer>:` and `<trailer>-Reason:` lines
   * name the rules and the reason: a label carries no text, and the policy names the label.
   */
  labelOverride?: { by: string; description?: string };
  /** The release plan, when the caller has it; otherwise it is computed when the policy needs it. */
  plan?: ReleasePlan;
  release?: ReleaseSummary;
  /** The version to judge (an already released one); default: the release at the commit, else the next version. */
  version?: string;
}

export interface GatePorts {
  git: Git;
  clock: Clock;
  checks?: CheckReader;
  deployments?: DeploymentReader;
  freezes?: FreezeReader;
  members?: MembershipReader;
  /**
   * The registry's chain: the deployments relm recorded (read before the forge's, so a local run and
   * CI judge the same history), the releases marked failed, and which release a commit is.
   */
  history?: Pick<ReleaseHistory, "deployments" | "failed" | "records">;
}

export interface GateResult {
  decision: Decision;
  /** The configuration read from the target ref (what judged the run). */
  config: LoadedConfig;
}

async function refFact(git: Git, request: GateRequest): Promise<GitRefFact> {
  if (request.tag) return { kind: "tag", name: request.tag };
  if (request.branch) return { kind: "branch", name: request.branch };
  const branch = await git.currentBranch();
  return branch === undefined ? { kind: "detached" } : { kind: "branch", name: branch };
}

/** `Relm-Override: freeze, soak` and `Relm-Override-Reason: ...` lines of a text (a commit message, a description). */
function overrideLines(text: string, key: string): { rules?: string[]; reason: string } {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const rules = new RegExp(`^${escaped}:[ \\t]*(.*)$`, "im").exec(text)?.[1];
  const reason = new RegExp(`^${escaped}-Reason:[ \\t]*(.*)$`, "im").exec(text)?.[1] ?? "";
  return { ...(rules === undefined ? {} : { rules: rules.split(/[\s,]+/).filter(Boolean) }), reason: reason.trim() };
}

/** The override trailers of the release commit, asked by its author; the key naming the rules is what asks. */
async function trailerOverride(git: Git, commit: string, key: string): Promise<OverrideRequest | undefined> {
  for await (const c of git.log({ to: commit })) {
    const { rules, reason } = overrideLines(c.message, key);
    return rules === undefined ? undefined : { by: c.authorEmail, via: "trailer", reason, rules };
  }
  return undefined;
}

/**
 * An override asked by the policy's label on the change. The label is the request even when the
 * description names no rule or reason: the request is then refused (and says why) rather than ignored.
 */
function labelRequest(request: GateRequest, label: string, key: string): OverrideRequest | undefined {
  const asked = request.labelOverride;
  if (!asked || !(request.labels ?? []).some((l) => l.trim().toLowerCase() === label.trim().toLowerCase())) return undefined;
  const { rules, reason } = overrideLines(asked.description ?? "", key);
  return { by: asked.by, via: "label", reason, rules: rules ?? [] };
}

async function groupsOf(members: MembershipReader | undefined, user: string, groups: readonly string[]): Promise<string[]> {
  if (!members) return [];
  const out: string[] = [];
  for (const g of groups) if (await members.isMember(user, g)) out.push(g);
  return out;
}

/**
 * The configuration committed on the target ref. A broken one is a configuration error that names
 * the ref: the working tree may well be fine (the change under review fixes it), and the user must
 * see that it is the committed policy that is broken, not theirs.
 */
function policyOnTarget(text: string | undefined, path: string, targetRef: string, revision: string): LoadedConfig {
  try {
    return loadConfig(text ?? "{}", path, revision);
  } catch (error) {
    if (!isRelmError(error)) throw error;
    throw new RelmError(error.code, error.kind, `the policy that judges this run, ${path} on ${targetRef} (${revision.slice(0, 12)}), is broken: ${error.message}`, {
      details: error.details,
      hint: `The gate reads the policy from the protected target branch, never from the change under review: fix it there (relm policy check --ref ${targetRef} shows every problem).`,
      cause: error,
    });
  }
}

/**
 * GATE: may this pipeline stage go on? Reads the policy from the protected target ref (so a change
 * cannot relax the policy that judges it), gathers the facts through the ports and leaves the
 * judgement to the pure evaluatePolicy.
 */
export async function runGate(ports: GatePorts, request: GateRequest): Promise<GateResult> {
  const { git } = ports;
  const path = (request.configPath ?? ".relm.yml").replace(/^(\.\/)+/, "");
  const commit = await git.resolve(request.commit ?? "HEAD");
  const revision = await git.resolve(request.targetRef);
  const text = await git.readFile(revision, path);
  // No .relm.yml on the target means the defaults (and the decision says found: false); a file named
  // at another path was meant to exist, and judging without it would be a silent allow.
  if (text === undefined && path !== ".relm.yml") {
    throw new RelmError("RELM_CONFIG_UNREADABLE", "config", `${path} does not exist on ${request.targetRef} (${revision.slice(0, 12)}), the branch whose policy judges this run`, {
      details: [{ where: `${request.targetRef}:${path}`, message: "no such file" }],
      hint: "Commit the policy file to the protected target branch, or fix the path given as the configuration.",
    });
  }
  const loaded = policyOnTarget(text, path, request.targetRef, revision);
  const policy = loaded.config.policy;
  const underReview = await git.readFile(commit, path);

  const at = request.at ?? ports.clock.now().toISOString();
  const environment = request.environment;
  const envConfig = environment === undefined ? undefined : policy?.environments[environment];

  let checks: CheckResult[] | undefined = request.checks;
  if (ports.checks) checks = [...(await ports.checks.checks(commit)), ...(request.checks ?? [])];

  let deployments: Record<string, Deployment[]> | undefined;
  if (envConfig && envConfig.after.length > 0) {
    const { history } = ports;
    if (ports.deployments || history) {
      deployments = {};
      for (const before of envConfig.after) deployments[before] = [...(history?.deployments(before) ?? []), ...((await ports.deployments?.deployments(before)) ?? request.deployments?.[before] ?? [])];
    } else if (request.deployments) {
      deployments = request.deployments;
    }
  }

  const trailerKey = policy?.override?.trailer ?? "Relm-Override";
  let override = request.override ?? labelRequest(request, policy?.override?.label ?? "relm:override", trailerKey) ?? (await trailerOverride(git, commit, trailerKey));
  if (override && !override.groups && policy?.override && policy.override.groups.length > 0) {
    override = { ...override, groups: await groupsOf(ports.members, override.by, policy.override.groups) };
  }

  let release = request.release ?? (request.plan ? releaseSummaryOf(request.plan) : undefined);
  const needsPlan = (policy?.risk?.classes.length ?? 0) > 0 || (envConfig?.after.length ?? 0) > 0;
  if (!release && needsPlan) release = releaseSummaryOf(await planRelease({ git }, { config: loaded.config, to: commit, includePaths: true }));
  // At a commit that is already released, the stage is about that release, not a next version.
  const released = request.version ?? releasedAt(ports.history, commit);
  if (released !== undefined) release = { ...(release ?? { bump: "none", breaking: false, commits: 0, paths: [] }), version: released };
  const failedReleases = ports.history ? failedOf(ports.history) : undefined;

  const facts: GateFacts = {
    at,
    ...(environment !== undefined ? { environment } : {}),
    ref: await refFact(git, request),
    commit,
    ...(checks ? { checks } : {}),
    ...(deployments ? { deployments } : {}),
    ...(release ? { release } : {}),
    ...(request.labels ? { labels: request.labels } : {}),
    ...(override ? { override } : {}),
    ...(ports.freezes ? { forgeFreezes: await ports.freezes.freezes() } : {}),
    ...(failedReleases && failedReleases.length > 0 ? { failedReleases } : {}),
  };
  const decision = evaluatePolicy(facts, policy, loaded.source);
  decision.policy = { ...decision.policy, ref: request.targetRef, found: text !== undefined, changedByRelease: underReview !== text };
  return { decision, config: loaded };
}

/** The version published from `commit`, when exactly one release (not several packages) was. */
function releasedAt(history: GatePorts["history"], commit: string): string | undefined {
  const versions = [...new Set((history?.records ?? []).filter((r) => r.commit === commit).map((r) => r.version))];
  return versions.length === 1 ? versions[0] : undefined;
}

function failedOf(history: NonNullable<GatePorts["history"]>): NonNullable<GateFacts["failedReleases"]> {
  return history.failed.map((f) => {
    const commit = history.records.find((r) => r.version === f.version && r.package === f.package)?.commit;
    return { ...f, ...(commit ? { commit } : {}) };
  });
}
