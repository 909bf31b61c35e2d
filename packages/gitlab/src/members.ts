import type { MembershipReader } from "@relm/core";
import type { GitlabClient } from "./client.ts";
import { call, find } from "./call.ts";
import { memberSchema, userListSchema } from "./schemas.ts";

const USERS = "GET /users?username=";
const MEMBER = "GET /groups/:id/members/all/:user_id";

/** Guest (10) is membership in name only; a CAB member must at least be a Reporter. */
const MIN_ACCESS_LEVEL = 20;

/** Group membership, inherited memberships included (GitLab's `members/all`). */
export function gitlabMembershipReader(client: GitlabClient, options: { minAccessLevel?: number } = {}): MembershipReader {
  const ids = new Map<string, number | undefined>();
  async function userId(username: string): Promise<number | undefined> {
    if (!ids.has(username)) {
      const users = await call(USERS, userListSchema, () => client.users.all({ username }));
      ids.set(username, users.find((u) => u.username.toLowerCase() === username.toLowerCase())?.id);
    }
    return ids.get(username);
  }
  return {
    async isMember(user, group) {
      const id = await userId(user);
      if (id === undefined) return false;
      const member = await find(MEMBER, memberSchema, () => client.groupMembers.show(group, id, { includeInherited: true }));
      if (!member) return false;
      return (member.state ?? "active") === "active" && member.access_level >= (options.minAccessLevel ?? MIN_ACCESS_LEVEL);
    },
  };
}
