import type { Git } from "../ports/git.ts";
import type { ReleaseAnnouncer } from "../ports/forge.ts";
import { parseCommit } from "../commits/parse-commit.ts";
import type { ReleaseRecord } from "../record/release-record-schema.ts";

export interface Announcement {
  /** `#12` */
  target: string;
  outcome: "posted" | "found" | "failed";
  detail?: string;
}

/** The issues and pull requests of this repository that the release's commits reference, in order. */
export async function referencedNumbers(git: Git, release: Pick<ReleaseRecord, "range" | "commit">): Promise<number[]> {
  const seen = new Set<number>();
  for await (const raw of git.log({ to: release.commit, ...(release.range.from ? { from: release.range.from } : {}) })) {
    for (const ref of parseCommit(raw).references) {
      // Another repository's issue is not this forge's to comment on.
      if (ref.repository) continue;
      const n = Number.parseInt(ref.issue, 10);
      if (Number.isSafeInteger(n) && n > 0) seen.add(n);
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * ANNOUNCE: comments "released in X to production" on each issue and pull request the release
 * contains, as semantic-release's success step does. The text is relm's own (versions and
 * environment names only). Each comment carries a hidden marker, so a re-run finds it instead of
 * posting again; a forge that refuses one comment does not stop the others.
 */
export async function announceRelease(release: ReleaseRecord, context: { project: string; environments: readonly string[] }, ports: { git: Git; announcer: ReleaseAnnouncer }): Promise<Announcement[]> {
  const name = `${release.package ? `${release.package}@` : ""}${release.version}`;
  const marker = `<!-- relm-released: ${context.project} ${name} -->`;
  const where = context.environments.length > 0 ? ` to ${context.environments.map((e) => `\`${e}\``).join(", ")}` : "";
  const body = `${marker}\nReleased in **${name.replace(/[\\`*_[\]<>]/g, "\\$&")}** (\`${release.tag}\`)${where}.`;
  const out: Announcement[] = [];
  for (const n of await referencedNumbers(ports.git, release)) {
    try {
      out.push({ target: `#${n}`, outcome: await ports.announcer.announce(n, marker, body) });
    } catch (error) {
      out.push({ target: `#${n}`, outcome: "failed", detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}
