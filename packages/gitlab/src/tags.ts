import { TagConflictError, type TagWriter } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { call, find, statusOf } from "./call.ts";
import { tagSchema } from "./schemas.ts";

const SHOW = "GET /projects/:id/repository/tags/:tag_name";
const CREATE = "POST /projects/:id/repository/tags";

/**
 * Annotated tags through the API (a `message` makes GitLab create an annotated tag). Idempotent:
 * a re-run finds the tag it made before; the same name on another commit is a conflict.
 */
export function gitlabTagWriter(client: GitlabClient, project: string): TagWriter {
  const existing = (name: string) => find(SHOW, tagSchema, () => client.tags.show(project, name));
  const judge = (name: string, found: { commit: { id: string } }, wanted: string) => {
    if (found.commit.id !== wanted) throw new TagConflictError(name, found.commit.id, wanted);
    return { created: false };
  };
  return {
    async createTag({ name, commit, message }) {
      const before = await existing(name);
      if (before) return judge(name, before, commit);
      try {
        const made = await call(CREATE, tagSchema, () => client.tags.create(project, name, commit, { message }));
        if (made.commit.id !== commit) throw new TagConflictError(name, made.commit.id, commit);
        return { created: true };
      } catch (error) {
        // A 400 "already exists" after a retried POST (or a racing job): look again before failing.
        const cause = error instanceof Error ? error.cause : undefined;
        if (statusOf(cause) === 400) {
          const after = await existing(name);
          if (after) return judge(name, after, commit);
        }
        throw error;
      }
    },
  };
}
