import { RelmError } from "../errors.ts";
import { TagConflictError, type ChangelogFile, type ForgeRelease, type ReleaseWriter, type TagWriter } from "../ports/forge.ts";

/** One package's release to baseline: its tag on its commit, and its notes. */
export interface TagTarget {
  /** Package name in a monorepo; absent for a single-package repository. */
  package?: string;
  version: string;
  tag: string;
  commit: string;
  /** Markdown release notes (already escaped by the planner). */
  notes: string;
  /** Release title; defaults to the tag. */
  name?: string;
  prerelease?: boolean;
}

export interface TagInput {
  targets: readonly TagTarget[];
  draft?: boolean;
  makeLatest?: "true" | "false" | "legacy";
  /** Say what would be done; write nothing. */
  dryRun?: boolean;
}

export interface TagPorts {
  tags: TagWriter;
  /** The forge release; absent when the host has none. */
  releases?: ReleaseWriter;
  /** The changelog of a target (per package in a monorepo), or undefined to leave it alone. */
  changelog?: (target: TagTarget) => ChangelogUpdate | undefined;
}

export interface ChangelogUpdate {
  file: ChangelogFile;
  /** Adds the target's section; must return the text unchanged when the section is there (idempotent). */
  update: (existing: string | undefined) => string;
}

export interface TagOutcome {
  package?: string;
  version: string;
  tag: string;
  commit: string;
  /** False when the tag was already there on the same commit (a re-run). */
  tagCreated: boolean;
  release?: ForgeRelease;
  releaseCreated?: boolean;
  changelogUpdated?: boolean;
  changelogFile?: string;
}

export interface TagResult {
  dryRun: boolean;
  outcomes: TagOutcome[];
}

/** The annotated tag's message: the version line, then the notes, so `git show <tag>` tells the story. */
export function tagMessage(target: TagTarget): string {
  const title = target.package ? `${target.package} ${target.version}` : target.version;
  return `${title}\n\n${target.notes.trim()}\n`;
}

/**
 * TAG: for each target an annotated tag, the forge release with the notes, and the changelog section.
 * Every step is idempotent (same tag on the same commit, release upserted, changelog section once), so
 * running it again after a partial failure completes the release instead of failing or duplicating it.
 */
export async function tagRelease(input: TagInput, ports: TagPorts): Promise<TagResult> {
  const outcomes: TagOutcome[] = [];
  for (const target of input.targets) {
    const base = { ...(target.package ? { package: target.package } : {}), version: target.version, tag: target.tag, commit: target.commit };
    if (input.dryRun) {
      outcomes.push({ ...base, tagCreated: false });
      continue;
    }
    const { created } = await createTag(ports.tags, target);
    const outcome: TagOutcome = { ...base, tagCreated: created };
    if (ports.releases) {
      const { release, created: releaseCreated } = await ports.releases.upsertRelease({
        tag: target.tag,
        name: target.name ?? target.tag,
        notes: target.notes,
        ...(input.draft === undefined ? {} : { draft: input.draft }),
        ...(target.prerelease === undefined ? {} : { prerelease: target.prerelease }),
        ...(input.makeLatest === undefined ? {} : { makeLatest: input.makeLatest }),
      });
      outcome.release = release;
      outcome.releaseCreated = releaseCreated;
    }
    const changelog = ports.changelog?.(target);
    if (changelog) {
      const existing = await changelog.file.read();
      const next = changelog.update(existing);
      outcome.changelogUpdated = next !== existing;
      if (outcome.changelogUpdated) await changelog.file.write(next);
      outcome.changelogFile = changelog.file.path;
    }
    outcomes.push(outcome);
  }
  return { dryRun: input.dryRun === true, outcomes };
}

async function createTag(tags: TagWriter, target: TagTarget): Promise<{ created: boolean }> {
  try {
    return await tags.createTag({ name: target.tag, commit: target.commit, message: tagMessage(target) });
  } catch (error) {
    if (error instanceof TagConflictError || (error as { code?: unknown } | null)?.code === "RELM_TAG_CONFLICT") {
      const e = error as TagConflictError;
      throw new RelmError("RELM_TAG_CONFLICT", "conflict", e.message, {
        cause: error,
        details: [{ where: `tag ${target.tag}`, message: `exists on ${String(e.existing ?? "another commit")}, wanted on ${target.commit}` }],
        hint: "A tag is a baseline and is never moved: delete the wrong tag by hand if it was a mistake, or release another version.",
      });
    }
    throw error;
  }
}
