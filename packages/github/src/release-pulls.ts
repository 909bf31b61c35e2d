import { z } from "zod";
import { RelmError } from "@relm/core";
import type { ReleasePull, ReleasePulls } from "@relm/core/ports/release-pulls";
import type { GitHubClient } from "./client.ts";
import { call, find } from "./call.ts";
import { gitDataCommit } from "./git-data-commit.ts";
import { signedCommit } from "./signed-commit.ts";

/**
 * How the release commit is made: `graphql` signed by GitHub (createCommitOnBranch), `git-data`
 * unsigned through the REST Git Data API, `auto` signed where this GitHub can, else unsigned.
 */
export type CommitVia = "auto" | "graphql" | "git-data";
export const COMMIT_VIA: readonly CommitVia[] = ["auto", "graphql", "git-data"];

export interface ReleasePullsOptions {
  commitVia?: CommitVia;
  /** Where `auto` says that it fell back to an unsigned commit. */
  warn?: (message: string) => void;
}

const sha = z.object({ sha: z.string() });
const refSchema = z.object({ object: sha });
const commitSchema = z.object({ sha: z.string(), parents: z.array(sha) });
const contentSchema = z.object({ content: z.string(), encoding: z.string() });
const pullSchema = z.object({ number: z.number(), html_url: z.string(), body: z.string().nullable() });

const asPull = (p: z.infer<typeof pullSchema>): ReleasePull => ({ number: p.number, url: p.html_url, body: p.body ?? "" });

/**
 * The release PR on GitHub, its commit made through the API (the job needs no push and no
 * checkout): signed by GitHub through GraphQL, or through the Git Data API; see docs/release-pr.md.
 */
export function gitHubReleasePulls(client: GitHubClient, options: ReleasePullsOptions = {}): ReleasePulls {
  const { octokit, owner, repo } = client;
  const r = { owner, repo };
  const warn = options.warn ?? (() => undefined);
  // `auto` falls back once, then stays on the Git Data API for this run.
  let via: CommitVia = options.commitVia ?? "auto";
  return {
    head: async (branch) =>
      (await find("GET /repos/{owner}/{repo}/git/ref/{ref}", refSchema, () => octokit.rest.git.getRef({ ...r, ref: `heads/${branch}` })))?.object.sha,
    parent: async (commit) =>
      (await call("GET /repos/{owner}/{repo}/git/commits/{sha}", commitSchema, () => octokit.rest.git.getCommit({ ...r, commit_sha: commit }))).parents[0]?.sha,
    read: async (ref, path) => {
      const file = await find("GET /repos/{owner}/{repo}/contents/{path}", contentSchema, () => octokit.rest.repos.getContent({ ...r, path, ref }));
      return file === undefined ? undefined : Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    },
    async commit(input) {
      if (via !== "git-data") {
        const made = await signedCommit(client, input);
        if ("sha" in made) return made.sha;
        if (via === "graphql") {
          throw new RelmError("RELM_PR_SIGNED_UNAVAILABLE", "external", `GitHub cannot make the signed release commit: ${made.unavailable}`, {
            details: [{ where: "POST /graphql createCommitOnBranch", message: made.unavailable }],
            hint: "This GitHub (an older GitHub Enterprise Server?) lacks GraphQL's createCommitOnBranch: pass --commit-via git-data (action input commit-via: git-data) to commit through the Git Data API, unsigned.",
          });
        }
        warn(`GitHub cannot make a signed commit (${made.unavailable}): the release commit is made through the Git Data API instead, unsigned`);
        via = "git-data";
      }
      return gitDataCommit(client, input);
    },
    async findOpen(head, base) {
      const open = await call("GET /repos/{owner}/{repo}/pulls", z.array(pullSchema), () => octokit.rest.pulls.list({ ...r, state: "open", head: `${owner}:${head}`, base }));
      return open[0] === undefined ? undefined : asPull(open[0]);
    },
    async open({ head, base, title, body, label }) {
      const pull = await call("POST /repos/{owner}/{repo}/pulls", pullSchema, () => octokit.rest.pulls.create({ ...r, head, base, title, body }));
      await call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", z.array(z.unknown()), () =>
        octokit.rest.issues.addLabels({ ...r, issue_number: pull.number, labels: [label] }),
      );
      return asPull(pull);
    },
    async update(pull, { title, body, label }) {
      await call("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", pullSchema, () => octokit.rest.pulls.update({ ...r, pull_number: pull.number, title, body }));
      await call("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", z.array(z.unknown()), () =>
        octokit.rest.issues.addLabels({ ...r, issue_number: pull.number, labels: [label] }),
      );
    },
    async close(pull, comment) {
      await call("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", z.object({ id: z.number() }), () =>
        octokit.rest.issues.createComment({ ...r, issue_number: pull.number, body: comment }),
      );
      await call("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", pullSchema, () => octokit.rest.pulls.update({ ...r, pull_number: pull.number, state: "closed" }));
    },
  };
}
