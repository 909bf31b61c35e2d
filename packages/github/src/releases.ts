import { z } from "zod";
import type { ForgeRelease, ReleaseInput, ReleaseWriter } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, find, isUnprocessable, parseAnswer, requestError } from "./call.ts";
import { releaseSchema, type GitHubRelease } from "./schemas.ts";

function toForgeRelease(r: GitHubRelease): ForgeRelease {
  return { id: String(r.id), tag: r.tag_name, name: r.name ?? r.tag_name, notes: r.body ?? "", url: r.html_url, draft: r.draft, prerelease: r.prerelease };
}

export interface GitHubReleaseWriter extends ReleaseWriter {
  /** The release of `tag`, drafts included; undefined when there is none. */
  findRelease(tag: string): Promise<GitHubRelease | undefined>;
}

/**
 * GitHub Releases. `releases/tags/{tag}` does not see drafts, so a miss is followed by a scan of the
 * newest releases: a draft left by an earlier, interrupted run is completed, never duplicated.
 */
export function githubReleases(client: GitHubClient): GitHubReleaseWriter {
  const { octokit, owner, repo } = client;

  async function findRelease(tag: string): Promise<GitHubRelease | undefined> {
    const published = await find("GET /repos/{owner}/{repo}/releases/tags/{tag}", releaseSchema, () =>
      octokit.rest.repos.getReleaseByTag({ owner, repo, tag }),
    );
    if (published) return published;
    const recent = await call("GET /repos/{owner}/{repo}/releases", z.array(releaseSchema), () =>
      octokit.rest.repos.listReleases({ owner, repo, per_page: 100 }),
    );
    return recent.find((r) => r.tag_name === tag);
  }

  async function update(id: number, input: ReleaseInput): Promise<GitHubRelease> {
    return call("PATCH /repos/{owner}/{repo}/releases/{release_id}", releaseSchema, () =>
      octokit.rest.repos.updateRelease({
        owner,
        repo,
        release_id: id,
        tag_name: input.tag,
        name: input.name,
        body: input.notes,
        draft: input.draft ?? false,
        prerelease: input.prerelease ?? false,
        ...(input.makeLatest ? { make_latest: input.makeLatest } : {}),
      }),
    );
  }

  return {
    findRelease,
    // By tag only: GitHub answers that lookup for published releases, never for a draft an interrupted run left.
    hasRelease: async (tag) =>
      (await find("GET /repos/{owner}/{repo}/releases/tags/{tag}", releaseSchema, () => octokit.rest.repos.getReleaseByTag({ owner, repo, tag }))) !== undefined,
    async upsertRelease(input) {
      const existing = await findRelease(input.tag);
      if (existing) return { release: toForgeRelease(await update(existing.id, input)), created: false };
      let data: unknown;
      try {
        ({ data } = await octokit.rest.repos.createRelease({
          owner,
          repo,
          tag_name: input.tag,
          name: input.name,
          body: input.notes,
          draft: input.draft ?? false,
          prerelease: input.prerelease ?? false,
          ...(input.makeLatest ? { make_latest: input.makeLatest } : {}),
        }));
      } catch (error) {
        // 422 already_exists: our own earlier attempt landed after all; update it instead.
        if (!isUnprocessable(error)) throw requestError("POST /repos/{owner}/{repo}/releases", error);
        const landed = await findRelease(input.tag);
        if (!landed) throw requestError("POST /repos/{owner}/{repo}/releases", error);
        return { release: toForgeRelease(await update(landed.id, input)), created: false };
      }
      const created = parseAnswer("POST /repos/{owner}/{repo}/releases", releaseSchema, data);
      return { release: toForgeRelease(created), created: true };
    },
  };
}
