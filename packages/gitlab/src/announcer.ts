import { z } from "zod";
import type { ReleaseAnnouncer } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { noteSchema } from "./schemas.ts";

const NOTES = "GET /projects/:id/issues/:issue_iid/notes";
const CREATE_NOTE = "POST /projects/:id/issues/:issue_iid/notes";

/** "Released in 1.4.0" as a note on a GitLab issue (`#12`), once per marker. */
export function gitlabAnnouncer(client: GitlabClient, project: string): ReleaseAnnouncer {
  return {
    async announce(iid, marker, body) {
      const notes = await call(NOTES, z.array(noteSchema), () => client.issueNotes.all(project, iid, { perPage: 100, maxPages: 20 }));
      if (notes.some((n) => n.body.includes(marker))) return "found";
      await call(CREATE_NOTE, noteSchema, () => client.issueNotes.create(project, iid, body));
      return "posted";
    },
  };
}
