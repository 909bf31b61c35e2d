import { RelmError, TagConflictError, type TagWriter } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, find, isUnprocessable, requestError } from "./call.ts";
import { gitRefSchema, gitTagSchema } from "./schemas.ts";

/** The commit a tag ref points at, peeling annotated tags; undefined when there is no such tag. */
async function taggedCommit(client: GitHubClient, name: string): Promise<string | undefined> {
  const { octokit, owner, repo } = client;
  const ref = await find("GET /repos/{owner}/{repo}/git/ref/{ref}", gitRefSchema, () =>
    octokit.rest.git.getRef({ owner, repo, ref: `tags/${name}` }),
  );
  if (!ref) return undefined;
  let object = ref.object;
  // A tag may point at a tag; a few levels is all git itself ever makes in practice.
  for (let depth = 0; object.type === "tag" && depth < 5; depth++) {
    const tag = await call("GET /repos/{owner}/{repo}/git/tags/{tag_sha}", gitTagSchema, () =>
      octokit.rest.git.getTag({ owner, repo, tag_sha: object.sha }),
    );
    object = tag.object;
  }
  return object.sha;
}

export interface GitHubTagWriter extends TagWriter {
  /** The message of an annotated tag on GitHub; undefined for a lightweight or missing tag. */
  tagMessage(name: string): Promise<string | undefined>;
  /** Points a floating tag (`v1`) at `commit`, creating it when missing. */
  moveTag(input: { name: string; commit: string }): Promise<{ moved: boolean }>;
}

/**
 * Tags through the API (a tag object and a ref), so protected branches need no push. Every step
 * first looks at what is there, so a re-run after a failure finishes the job instead of failing.
 */
export function githubTags(client: GitHubClient): GitHubTagWriter {
  const { octokit, owner, repo } = client;

  async function settle(name: string, commit: string): Promise<{ created: boolean }> {
    const existing = await taggedCommit(client, name);
    if (existing === undefined) {
      throw new RelmError("RELM_GITHUB_TAG_RACE", "conflict", `tag ${name} was refused as existing, yet is not there`, {
        hint: "another job is creating and deleting this tag; re-run when it is done",
      });
    }
    if (existing !== commit) throw new TagConflictError(name, existing, commit);
    return { created: false };
  }

  return {
    async tagMessage(name) {
      const ref = await find("GET /repos/{owner}/{repo}/git/ref/{ref}", gitRefSchema, () => octokit.rest.git.getRef({ owner, repo, ref: `tags/${name}` }));
      if (ref?.object.type !== "tag") return undefined;
      const tag = await call("GET /repos/{owner}/{repo}/git/tags/{tag_sha}", gitTagSchema, () => octokit.rest.git.getTag({ owner, repo, tag_sha: ref.object.sha }));
      return tag.message;
    },

    async createTag({ name, commit, message }) {
      const existing = await taggedCommit(client, name);
      if (existing !== undefined) return settle(name, commit);
      const tag = await call("POST /repos/{owner}/{repo}/git/tags", gitTagSchema, () =>
        octokit.rest.git.createTag({ owner, repo, tag: name, message, object: commit, type: "commit" }),
      );
      try {
        await octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${name}`, sha: tag.sha });
      } catch (error) {
        // 422: the ref appeared meanwhile (a parallel run, or our own request that timed out yet landed).
        if (isUnprocessable(error)) return settle(name, commit);
        throw requestError("POST /repos/{owner}/{repo}/git/refs", error);
      }
      return { created: true };
    },

    async moveTag({ name, commit }) {
      const existing = await taggedCommit(client, name);
      if (existing === commit) return { moved: false };
      if (existing === undefined) {
        try {
          await octokit.rest.git.createRef({ owner, repo, ref: `refs/tags/${name}`, sha: commit });
          return { moved: true };
        } catch (error) {
          if (!isUnprocessable(error)) throw requestError("POST /repos/{owner}/{repo}/git/refs", error);
        }
      }
      await call("PATCH /repos/{owner}/{repo}/git/refs/{ref}", gitRefSchema, () =>
        octokit.rest.git.updateRef({ owner, repo, ref: `tags/${name}`, sha: commit, force: true }),
      );
      return { moved: true };
    },
  };
}
