import { publishRelease, verifyChain, type ArtifactUpload, type Clock, type PublishedRecord, type PublishStepInput, type Registry, type ReleaseFacts, type TagTarget } from "@relm/core";

export interface PublishContext {
  registry: Registry;
  project: string;
  /**
   * The files given with --artifact for one package's record (opened per record). In a monorepo a file
   * inside a package's directory belongs to that package alone; every other file to every record.
   */
  artifacts: (packagePath: string | undefined, packagePaths: readonly string[]) => Promise<ArtifactUpload[]>;
  clock: Clock;
  pipeline: ReleaseFacts["pipeline"];
  /** forge: the counted approvals were read from the forge by this run; local: asserted on the command line. */
  assurance: "forge" | "local";
  /** The source repository's URL the provenance statement names (default: the project's name). */
  repository?: string | undefined;
}

type Json = NonNullable<ReleaseFacts["plan"]>;
const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value ?? null)) as Json;

/** Whether the registry already holds the record of this target (same project, package and version). */
export async function isPublished(registry: Registry, project: string, target: TagTarget): Promise<boolean> {
  const chain = verifyChain(await registry.records(), await registry.head());
  return chain.records.some((r) => r.record.project === project && r.record.package === target.package && r.record.version === target.version);
}

/** The release facts of one target: everything the record says besides what publishing measures. */
export function factsOf(ctx: PublishContext, input: PublishStepInput, target: TagTarget): ReleaseFacts {
  const { plan, gate, approval } = input;
  const packagePlan = (plan.plan as { packages?: { name: string; previous?: { tag: string } }[] } | undefined)?.packages?.find((p) => (target.package ?? p.name) === p.name);
  const from = packagePlan?.previous?.tag ?? plan.range.from;
  return {
    project: ctx.project,
    ...(target.package ? { package: target.package } : {}),
    version: target.version,
    tag: target.tag,
    commit: target.commit,
    range: { ...(from ? { from } : {}), to: plan.range.to, commits: plan.range.commits },
    notes: target.notes,
    ...(input.environment ? { environment: input.environment } : {}),
    ...(plan.plan === undefined ? {} : { plan: toJson(plan.plan) }),
    gate: {
      allowed: gate.allowed,
      ...(gate.policyRevision ? { policyRevision: gate.policyRevision } : {}),
      ...(gate.decision === undefined ? {} : { decision: toJson(gate.decision) }),
    },
    ...(approval
      ? { approval: { valid: approval.verdict.valid, verdict: toJson(approval.verdict), evidence: approval.evidence, assurance: ctx.assurance } }
      : {}),
    ...(input.candidate ? { candidate: { digest: input.candidate.digest, value: toJson(input.candidate.candidate) } } : {}),
    ...(ctx.pipeline ? { pipeline: ctx.pipeline } : {}),
  };
}

/** PUBLISH for each released package: artifacts, then the record; a re-run with the same content is a no-op. */
export async function publishStep(ctx: PublishContext, input: PublishStepInput): Promise<PublishedRecord[]> {
  const out: PublishedRecord[] = [];
  const packages = (input.plan.plan as { packages?: { name: string; path: string }[] } | undefined)?.packages ?? [];
  for (const target of input.plan.targets) {
    const packagePath = target.package ? packages.find((p) => p.name === target.package)?.path : undefined;
    const result = await publishRelease(
      { release: factsOf(ctx, input, target), artifacts: await ctx.artifacts(packagePath, packages.map((p) => p.path)), now: ctx.clock.now().toISOString(), ...(ctx.repository ? { repository: ctx.repository } : {}) },
      { registry: ctx.registry },
    );
    out.push({
      ...(result.record.package ? { package: result.record.package } : {}),
      version: result.record.version,
      tag: result.record.tag,
      digest: result.digest,
      where: ctx.registry.location,
      artifacts: result.record.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size })),
      written: result.created,
    });
  }
  return out;
}
