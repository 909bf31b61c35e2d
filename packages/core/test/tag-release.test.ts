import { describe, expect, it } from "vitest";
import {
  RelmError,
  tagMessage,
  tagRelease,
  TagConflictError,
  type ChangelogFile,
  type ForgeRelease,
  type ReleaseInput,
  type ReleaseWriter,
  type TagTarget,
  type TagWriter,
} from "../src/index.ts";

/** In-memory forge that keeps the TagWriter / ReleaseWriter contracts, and can fail once on demand. */
function memoryForge() {
  const tags = new Map<string, { commit: string; message: string }>();
  const releases = new Map<string, ForgeRelease>();
  const calls: string[] = [];
  let failReleaseOnce = false;
  const tagWriter: TagWriter = {
    async createTag({ name, commit, message }) {
      calls.push(`tag ${name}`);
      const existing = tags.get(name);
      if (existing && existing.commit !== commit) throw new TagConflictError(name, existing.commit, commit);
      if (existing) return { created: false };
      tags.set(name, { commit, message });
      return { created: true };
    },
  };
  const releaseWriter: ReleaseWriter = {
    async upsertRelease(input: ReleaseInput) {
      calls.push(`release ${input.tag}`);
      if (failReleaseOnce) {
        failReleaseOnce = false;
        throw new Error("502 Bad Gateway");
      }
      const created = !releases.has(input.tag);
      const release: ForgeRelease = { id: input.tag, tag: input.tag, name: input.name, notes: input.notes, draft: input.draft ?? false, prerelease: input.prerelease ?? false };
      releases.set(input.tag, release);
      return { release, created };
    },
  };
  return { tags, releases, calls, tagWriter, releaseWriter, failNextRelease: () => void (failReleaseOnce = true) };
}

function memoryFile(text?: string): ChangelogFile & { text: string | undefined; writes: number } {
  const f = {
    path: "CHANGELOG.md",
    text,
    writes: 0,
    read: async () => f.text,
    write: async (t: string) => {
      f.text = t;
      f.writes++;
    },
  };
  return f;
}

/** A once-only section update, as the planner's changelog update is. */
const addSection = (t: TagTarget) => (existing: string | undefined): string => {
  const heading = `## ${t.version}`;
  const body = existing ?? "# Changelog\n";
  return body.includes(`${heading}\n`) ? body : body.replace(/^# Changelog\n/, `# Changelog\n\n${heading}\n\n${t.notes}\n`);
};

const target: TagTarget = { version: "1.2.0", tag: "v1.2.0", commit: "a".repeat(40), notes: "### Features\n\n- a thing\n" };

describe("tagRelease", () => {
  it("creates the annotated tag, the forge release with the notes and the changelog section", async () => {
    const forge = memoryForge();
    const changelog = memoryFile();
    const result = await tagRelease({ targets: [target] }, { tags: forge.tagWriter, releases: forge.releaseWriter, changelog: (t: TagTarget) => ({ file: changelog, update: addSection(t) }) });
    expect(result.outcomes).toEqual([expect.objectContaining({ tag: "v1.2.0", tagCreated: true, releaseCreated: true, changelogUpdated: true })]);
    expect(forge.tags.get("v1.2.0")).toEqual({ commit: target.commit, message: "1.2.0\n\n### Features\n\n- a thing\n" });
    expect(forge.releases.get("v1.2.0")).toMatchObject({ name: "v1.2.0", notes: target.notes });
    expect(changelog.text).toContain("## 1.2.0\n\n### Features");
  });

  it("completes after a partial failure without duplicating the tag, the release or the changelog", async () => {
    const forge = memoryForge();
    const changelog = memoryFile();
    const ports = { tags: forge.tagWriter, releases: forge.releaseWriter, changelog: (t: TagTarget) => ({ file: changelog, update: addSection(t) }) };
    forge.failNextRelease();
    await expect(tagRelease({ targets: [target] }, ports)).rejects.toThrow("502");
    expect(forge.tags.size).toBe(1);
    expect(forge.releases.size).toBe(0);
    const again = await tagRelease({ targets: [target] }, ports);
    expect(again.outcomes[0]).toMatchObject({ tagCreated: false, releaseCreated: true, changelogUpdated: true });
    const third = await tagRelease({ targets: [target] }, ports);
    expect(third.outcomes[0]).toMatchObject({ tagCreated: false, releaseCreated: false, changelogUpdated: false });
    expect(changelog.writes).toBe(1);
    expect(changelog.text?.match(/## 1\.2\.0/g)).toHaveLength(1);
  });

  it("refuses to move a tag that exists on another commit, with a stable code", async () => {
    const forge = memoryForge();
    await tagRelease({ targets: [{ ...target, commit: "b".repeat(40) }] }, { tags: forge.tagWriter });
    const run = tagRelease({ targets: [target] }, { tags: forge.tagWriter, releases: forge.releaseWriter });
    await expect(run).rejects.toBeInstanceOf(RelmError);
    await expect(run).rejects.toMatchObject({ code: "RELM_TAG_CONFLICT", kind: "conflict" });
    expect(forge.releases.size).toBe(0);
  });

  it("tags each package of a monorepo with its own tag and title", async () => {
    const forge = memoryForge();
    const targets: TagTarget[] = [
      { package: "api", version: "2.0.0", tag: "api@2.0.0", commit: "c".repeat(40), notes: "breaking" },
      { package: "web", version: "1.0.1", tag: "web@1.0.1", commit: "c".repeat(40), notes: "fix", prerelease: true },
    ];
    const result = await tagRelease({ targets, draft: true }, { tags: forge.tagWriter, releases: forge.releaseWriter });
    expect(result.outcomes.map((o) => [o.package, o.tag, o.tagCreated])).toEqual([
      ["api", "api@2.0.0", true],
      ["web", "web@1.0.1", true],
    ]);
    expect(forge.tags.get("api@2.0.0")?.message.split("\n")[0]).toBe("api 2.0.0");
    expect(forge.releases.get("web@1.0.1")).toMatchObject({ draft: true, prerelease: true });
  });

  it("writes nothing on a dry run", async () => {
    const forge = memoryForge();
    const result = await tagRelease({ targets: [target], dryRun: true }, { tags: forge.tagWriter, releases: forge.releaseWriter });
    expect(result).toEqual({ dryRun: true, outcomes: [{ version: "1.2.0", tag: "v1.2.0", commit: target.commit, tagCreated: false }] });
    expect(forge.calls).toEqual([]);
  });

  it("puts the version first in the tag message", () => {
    expect(tagMessage({ ...target, notes: "\n\nnotes\n\n" })).toBe("1.2.0\n\nnotes\n");
  });
});
