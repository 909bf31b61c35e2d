import type { ForgeRelease, ReleaseInput, ReleaseLink, ReleaseWriter } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { call, find, statusOf } from "./call.ts";
import { releaseLinkSchema, releaseSchema } from "./schemas.ts";
import { z } from "zod";

const SHOW = "GET /projects/:id/releases/:tag_name";
const CREATE = "POST /projects/:id/releases";
const UPDATE = "PUT /projects/:id/releases/:tag_name";
const LINKS = "GET /projects/:id/releases/:tag_name/assets/links";
const ADD_LINK = "POST /projects/:id/releases/:tag_name/assets/links";
const EDIT_LINK = "PUT /projects/:id/releases/:tag_name/assets/links/:link_id";

function toForgeRelease(r: z.infer<typeof releaseSchema>, wanted: ReleaseInput): ForgeRelease {
  return {
    id: r.tag_name,
    tag: r.tag_name,
    name: r.name ?? r.tag_name,
    notes: r.description ?? "",
    ...(r._links?.self ? { url: r._links.self } : {}),
    // GitLab has no drafts; an upcoming release (released_at in the future) is the nearest thing.
    draft: r.upcoming_release ?? false,
    prerelease: wanted.prerelease ?? false,
  };
}

/** Adds the links a release lacks and corrects changed ones; never duplicates (GitLab keys links by name). */
export async function syncReleaseLinks(client: GitlabClient, project: string, tag: string, links: readonly ReleaseLink[]): Promise<void> {
  if (links.length === 0) return;
  const have = await call(LINKS, z.array(releaseLinkSchema), () => client.releaseLinks.all(project, tag));
  for (const link of links) {
    const same = have.find((h) => h.name === link.name);
    const linkType = link.type ?? "other";
    if (!same) {
      try {
        await call(ADD_LINK, releaseLinkSchema, () => client.releaseLinks.create(project, tag, link.name, link.url, { linkType }));
      } catch (error) {
        // 400 "has already been taken" after a retried POST whose first answer was lost: look again.
        if (statusOf(error instanceof Error ? error.cause : undefined) !== 400) throw error;
        const now = await call(LINKS, z.array(releaseLinkSchema), () => client.releaseLinks.all(project, tag));
        if (!now.some((h) => h.name === link.name && h.url === link.url)) throw error;
      }
    } else if (same.url !== link.url || (same.link_type !== undefined && same.link_type !== linkType)) {
      await call(EDIT_LINK, releaseLinkSchema, () => client.releaseLinks.edit(project, tag, same.id, { url: link.url, linkType }));
    }
  }
}

/** Links to add to `tag`'s release when it exists; false when there is no release to link from. */
export async function linkExistingRelease(client: GitlabClient, project: string, tag: string, links: readonly ReleaseLink[]): Promise<boolean> {
  const release = await find(SHOW, releaseSchema, () => client.releases.show(project, tag));
  if (!release) return false;
  await syncReleaseLinks(client, project, tag, links);
  return true;
}

/**
 * A GitLab Release for a tag, with notes, milestones and asset links. A re-run after a partial
 * failure updates the release and adds only the links that are missing, so nothing is duplicated.
 */
export function gitlabReleaseWriter(client: GitlabClient, project: string, defaults: { milestones?: string[] } = {}): ReleaseWriter {
  return {
    hasRelease: async (tag) => (await find(SHOW, releaseSchema, () => client.releases.show(project, tag))) !== undefined,
    async upsertRelease(input) {
      const milestones = input.milestones ?? defaults.milestones ?? [];
      const fields = {
        name: input.name,
        description: input.notes,
        ...(milestones.length > 0 ? { milestones } : {}),
      };
      let created = false;
      let release = await find(SHOW, releaseSchema, () => client.releases.show(project, input.tag));
      if (!release) {
        try {
          release = await call(CREATE, releaseSchema, () => client.releases.create(project, { tagName: input.tag, ...fields }));
          created = true;
        } catch (error) {
          // 409: it exists after all (a retried POST that had landed); fall through to the update.
          if (statusOf(error instanceof Error ? error.cause : undefined) !== 409) throw error;
        }
      }
      if (!created) {
        release = await call(UPDATE, releaseSchema, () => client.releases.edit(project, input.tag, fields));
      }
      await syncReleaseLinks(client, project, input.tag, input.links ?? []);
      if (!release) throw new Error(`GitLab release ${input.tag} vanished`);
      return { release: toForgeRelease(release, input), created };
    },
  };
}
