import type { CommitAuthors } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { call } from "./call.ts";
import { userListSchema } from "./schemas.ts";

const USERS = "GET /users?search=";

/**
 * GitLab's username of a commit's author. GitLab's commits carry no account, only the git e-mail,
 * so the user is searched by it (docs.gitlab.com/api/users: `search` matches a public e-mail
 * exactly). Only one match is an answer: none (the e-mail is private or unknown) or several is no
 * login, and the notes name the git author. A failed request is thrown for the caller to fall back on.
 */
export function gitlabCommitAuthors(client: GitlabClient): CommitAuthors {
  return {
    async loginOf(_commitSha, email) {
      if (!email.includes("@")) return undefined;
      // Two at most: enough to tell one match from several.
      const users = await call(USERS, userListSchema, () => client.users.all({ search: email, perPage: 2, maxPages: 1 }));
      return users.length === 1 ? users[0]?.username : undefined;
    },
  };
}
