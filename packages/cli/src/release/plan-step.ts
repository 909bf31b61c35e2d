import semver from "semver";
import { planRelease, RelmError, type CommitAuthors, type CommitAuthorship, type Config, type Git, type PlanStepResult, type ReleasePlan, type TagTarget } from "@relm/core";
import { remoteWebUrl, workspacePackages } from "@relm/git";
import { releaseBranchOf } from "./release-branch.ts";

export interface PlanContext {
  git: Git;
  root: string;
  config: Config;
  /** The commit to release (default HEAD). */
  to?: string;
  /** The run's login lookup for the notes; without it they name git authors. */
  authors?: CommitAuthors;
}

/** The planner's request as `relm plan` builds it: configured packages or npm workspaces, links to the remote. */
export async function planWith(ctx: PlanContext, git: Git = ctx.git): Promise<ReleasePlan> {
  const { config } = ctx;
  const workspaces =
    config.packages === undefined
      ? await workspacePackages(ctx.root).catch((error: unknown) => {
          if (error instanceof RelmError && error.code === "RELM_WORKSPACE_MANIFEST") return [];
          throw error;
        })
      : undefined;
  let repositoryUrl = config.repository;
  if (repositoryUrl === undefined) {
    const remote = await git.remoteUrl();
    repositoryUrl = remote === undefined ? undefined : remoteWebUrl(remote);
  }
  const branch = await releaseBranchOf(git, config);
  return planRelease(
    { git, ...(ctx.authors ? { authors: ctx.authors } : {}) },
    {
      config,
      ...(ctx.to !== undefined ? { to: ctx.to } : {}),
      ...(repositoryUrl !== undefined ? { repositoryUrl } : {}),
      ...(workspaces && workspaces.length > 0 ? { workspacePackages: workspaces } : {}),
      ...(branch !== undefined ? { branch } : {}),
    },
  );
}

/** The released packages of a plan as tag targets, and the commits (with full authorship) they contain. */
export async function planStepOf(git: Git, plan: ReleasePlan): Promise<PlanStepResult> {
  const released = plan.packages.filter((p) => p.released && p.next);
  const targets: TagTarget[] = released.map((p) => ({
    ...(plan.mode === "single" ? {} : { package: p.name }),
    version: p.next?.version ?? "",
    tag: p.next?.tag ?? "",
    commit: plan.range.to,
    notes: p.notes,
    name: plan.mode === "single" ? (p.next?.tag ?? "") : `${p.name} ${p.next?.version ?? ""}`,
    prerelease: semver.prerelease(p.next?.version ?? "") !== null,
  }));
  // The plan names authors; separation of duties needs their e-mails and co-authors too, so read them from git.
  const wanted = new Set(released.flatMap((p) => p.commits.map((c) => c.hash)));
  const commits: CommitAuthorship[] = [];
  const seen = new Set<string>();
  for (const p of released) {
    for await (const raw of git.log({ to: plan.range.to, ...(p.previous ? { from: p.previous.commit } : {}) })) {
      if (!wanted.has(raw.hash) || seen.has(raw.hash)) continue;
      seen.add(raw.hash);
      commits.push({ authorName: raw.authorName, authorEmail: raw.authorEmail, message: raw.message });
    }
  }
  const from = released.find((p) => p.previous)?.previous?.tag;
  return {
    targets,
    commits,
    range: { ...(from ? { from } : {}), to: plan.range.to, commits: wanted.size },
    ranges: Object.fromEntries(released.map((p) => [p.next?.tag ?? "", { ...(p.previous ? { from: p.previous.tag } : {}), commits: p.commits.length }])),
    plan: JSON.parse(JSON.stringify(plan)) as unknown,
    ...(plan.reason ? { reason: plan.reason } : {}),
  };
}

/** The Git port with some tags hidden: the planner then plans as if an unfinished release's tags were not there yet. */
export function withoutTags(git: Git, hidden: ReadonlySet<string>): Git {
  return {
    resolve: (ref) => git.resolve(ref),
    log: (query) => git.log(query),
    tags: async () => (await git.tags()).filter((t) => !hidden.has(t.name)),
    isAncestor: (a, d) => git.isAncestor(a, d),
    isShallow: () => git.isShallow(),
    currentBranch: () => git.currentBranch(),
    remoteUrl: (remote) => git.remoteUrl(remote),
    readFile: (rev, path) => git.readFile(rev, path),
    createAnnotatedTag: (tag) => git.createAnnotatedTag(tag),
  };
}

/**
 * A release an earlier run tagged but did not publish: tags on the target commit that the planner,
 * planning without them, would create again, and whose version the registry has no record of.
 */
export async function unfinishedPlan(ctx: PlanContext, isPublished: (target: TagTarget) => Promise<boolean>): Promise<{ plan: ReleasePlan; step: PlanStepResult } | undefined> {
  const to = await ctx.git.resolve(ctx.to ?? "HEAD");
  const onTarget = new Set((await ctx.git.tags()).filter((t) => t.commit === to).map((t) => t.name));
  if (onTarget.size === 0) return undefined;
  const plan = await planWith(ctx, withoutTags(ctx.git, onTarget));
  const step = await planStepOf(ctx.git, plan);
  // Finish every package of that release (tagged or not yet) except the ones already published.
  const pending: TagTarget[] = [];
  let unfinished = false;
  for (const t of step.targets) {
    if (onTarget.has(t.tag) && (await isPublished(t))) continue;
    if (onTarget.has(t.tag)) unfinished = true;
    pending.push(t);
  }
  if (!unfinished) return undefined;
  return { plan, step: { ...step, targets: pending } };
}

/**
 * The release of the target commit whether or not its tags exist yet: planned without the tags on it.
 * `relm tag` and `relm approve` use it, so that a re-run (or a job after the tag job) sees the same release.
 */
export async function releaseOfTarget(ctx: PlanContext): Promise<{ plan: ReleasePlan; step: PlanStepResult }> {
  const to = await ctx.git.resolve(ctx.to ?? "HEAD");
  const onTarget = new Set((await ctx.git.tags()).filter((t) => t.commit === to).map((t) => t.name));
  const plan = await planWith(ctx, onTarget.size === 0 ? ctx.git : withoutTags(ctx.git, onTarget));
  return { plan, step: await planStepOf(ctx.git, plan) };
}
