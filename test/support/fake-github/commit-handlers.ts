// A commit as `GET /repos/{owner}/{repo}/commits/{ref}` answers it, enough for relm to read the
// author's login: `author` is the account GitHub linked the commit's e-mail to, or null.
import * as o from "./objects.ts";
import { repoUrl, type Handler } from "./handler-kit.ts";

const person = (email: string) => ({ name: "A Person", email, date: "2026-01-01T00:00:00Z" });

export const commitHandlers: Record<string, Handler> = {
  "GET /repos/{owner}/{repo}/commits/{ref}": (s, i) => {
    const sha = i.params.ref ?? "";
    if (!s.commitAuthors.has(sha)) {
      return { status: 422, body: { message: `No commit found for SHA: ${sha}`, documentation_url: "https://docs.github.com/rest/commits/commits#get-a-commit" } };
    }
    const login = s.commitAuthors.get(sha) ?? null;
    const url = `${repoUrl(s, i.base)}/commits/${sha}`;
    const html = `https://github.invalid/${s.owner}/${s.repo}/commit/${sha}`;
    return {
      status: 200,
      body: {
        url,
        sha,
        node_id: `C_${sha.slice(0, 8)}`,
        html_url: html,
        comments_url: `${url}/comments`,
        commit: {
          url: `${repoUrl(s, i.base)}/git/commits/${sha}`,
          author: person(`${login ?? "nobody"}@example.invalid`),
          committer: person("noreply@github.invalid"),
          message: "a commit",
          comment_count: 0,
          tree: { sha: "0".repeat(40), url: `${repoUrl(s, i.base)}/git/trees/${"0".repeat(40)}` },
          verification: { verified: false, reason: "unsigned", payload: null, signature: null, verified_at: null },
        },
        author: login === null ? null : o.user(login),
        committer: o.user("web-flow"),
        parents: [],
        stats: { additions: 1, deletions: 0, total: 1 },
        files: [],
      },
    };
  },
};
