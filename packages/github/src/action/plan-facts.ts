import { previousRelease, tagFormat, versionTags, type CommitAuthorship, type Git, type PackagePlan, type ReleasePlan, type TagTarget } from "@relm/core";

export function releasedPackages(plan: ReleasePlan): (PackagePlan & { next: NonNullable<PackagePlan["next"]> })[] {
  return plan.packages.filter((p): p is PackagePlan & { next: NonNullable<PackagePlan["next"]> } => p.released && p.next !== undefined);
}

/** One tag target per released package, on the planned commit. */
export function tagTargets(plan: ReleasePlan, prerelease: "auto" | boolean): TagTarget[] {
  return releasedPackages(plan).map((p) => ({
    ...(plan.mode === "single" ? {} : { package: p.name }),
    version: p.next.version,
    tag: p.next.tag,
    commit: plan.range.to,
    notes: p.notes,
    prerelease: prerelease === "auto" ? p.next.version.includes("-") : prerelease,
  }));
}

/** Who wrote the commits of the release (with messages, for Co-authored-by), for separation of duties. */
export async function releaseAuthorship(git: Git, plan: ReleasePlan): Promise<CommitAuthorship[]> {
  const out: CommitAuthorship[] = [];
  const seen = new Set<string>();
  for (const p of releasedPackages(plan)) {
    const wanted = new Set(p.commits.map((c) => c.hash));
    for await (const c of git.log({ to: plan.range.to, ...(p.previous ? { from: p.previous.commit } : {}) })) {
      if (!wanted.has(c.hash) || seen.has(c.hash)) continue;
      seen.add(c.hash);
      out.push({ authorName: c.authorName, authorEmail: c.authorEmail, message: c.message });
    }
  }
  return out;
}

/** The outputs every step shares: the first released package's version, tag and bump. */
export function versionOutputs(plan: ReleasePlan): { version: string; tag: string; bump: string } {
  const first = releasedPackages(plan)[0];
  return { version: first?.next.version ?? "", tag: first?.next.tag ?? "", bump: first?.bump ?? "none" };
}

/** The release before the one tagged on HEAD (after `tag` ran, the plan's `previous` is HEAD's own tag). */
export async function releaseBefore(git: Git, plan: ReleasePlan, p: PackagePlan): Promise<{ tag: string; commit: string } | undefined> {
  const to = plan.range.to;
  if (p.previous?.commit !== to) return p.previous ? { tag: p.previous.tag, commit: p.previous.commit } : undefined;
  const format = tagFormat(p.previous.tag.replace(p.previous.version, "${version}"));
  const earlier = versionTags(await git.tags(), format).filter((t) => t.commit !== to);
  const prior = await previousRelease(earlier, (commit) => git.isAncestor(commit, to));
  return prior.stable ? { tag: prior.stable.tag, commit: prior.stable.commit } : undefined;
}

/**
 * The commits of the release being approved or published. After `tag`, the checkout's HEAD carries
 * the new tag and the plan has nothing left to release: the release is then the range from the
 * release before that tag up to HEAD.
 */
export async function releaseCommits(git: Git, plan: ReleasePlan): Promise<CommitAuthorship[]> {
  if (plan.released) return releaseAuthorship(git, plan);
  const to = plan.range.to;
  const out: CommitAuthorship[] = [];
  const seen = new Set<string>();
  for (const p of plan.packages) {
    if (p.previous?.commit !== to) continue;
    const from = (await releaseBefore(git, plan, p))?.commit;
    for await (const c of git.log({ to, ...(from ? { from } : {}) })) {
      if (seen.has(c.hash)) continue;
      seen.add(c.hash);
      out.push({ authorName: c.authorName, authorEmail: c.authorEmail, message: c.message });
    }
  }
  return out;
}
