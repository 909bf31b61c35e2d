import { z } from "zod";
import type { ReleasePull, ReleasePulls } from "@relm/core/ports/release-pulls";
import type { GitHubClient } from "./client.ts";
import { call, find } from "./call.ts";

const sha = z.object({ sha: z.string() });
const refSchema = z.object({ object: sha });
const commitSchema = z.object({ sha: z.string(), parents: z.array(sha) });
const contentSchema = z.object({ content: z.string(), encoding: z.string() });
const pullSchema = z.object({ number: z.number(), html_url: z.string(), body: z.string().nullable() });

const asPull = (p: z.infer<typeof pullSchema>): ReleasePull => ({ number: p.number, url: p.html_url, body: p.body ?? "" });

/**
 * The release PR on GitHub, its commit made with the Git Data API (blobs, tree, commit, ref): the
 * job needs no push and no checkout. Such commits are not signed; see docs/release-pr.md.
 */
export function gitHubReleasePulls(client: GitHubClient): ReleasePulls {
  const { octokit, owner, repo } = client;
  const r = { owner, repo };
  return {
    head: async (branch) =>
      (await find("GET /repos/{owner}/{repo}/git/ref/{ref}", refSchema, () => octokit.rest.git.getRef({ ...r, ref: `heads/${branch}` })))?.object.sha,
    parent: async (commit) =>
      (await call("GET /repos/{owner}/{repo}/git/commits/{sha}", commitSchema, () => octokit.rest.git.getCommit({ ...r, commit_sha: commit }))).parents[0]?.sha,
    read: async (ref, path) => {
      const file = await find("GET /repos/{owner}/{repo}/contents/{path}", contentSchema, () => octokit.rest.repos.getContent({ ...r, path, ref }));
      return file === undefined ? undefined : Buffer.from(file.content, file.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    },
    async commit({ branch, baseHead, message, files }) {
      const base = await call("GET /repos/{owner}/{repo}/git/commits/{sha}", z.object({ tree: sha }), () => octokit.rest.git.getCommit({ ...r, commit_sha: baseHead }));
      const tree = await call("POST /repos/{owner}/{repo}/git/trees", sha, () =>
        octokit.rest.git.createTree({ ...r, base_tree: base.tree.sha, tree: files.map((f) => ({ path: f.path, mode: "100644", type: "blob", content: f.text })) }),
      );
      const made = await call("POST /repos/{owner}/{repo}/git/commits", sha, () => octokit.rest.git.createCommit({ ...r, message, tree: tree.sha, parents: [baseHead] }));
      const exists = await find("GET /repos/{owner}/{repo}/git/ref/{ref}", refSchema, () => octokit.rest.git.getRef({ ...r, ref: `heads/${branch}` }));
      // Forced: the release branch is relm's, rebuilt from the base head every time.
      if (exists) await call("PATCH /repos/{owner}/{repo}/git/refs/{ref}", refSchema, () => octokit.rest.git.updateRef({ ...r, ref: `heads/${branch}`, sha: made.sha, force: true }));
      else await call("POST /repos/{owner}/{repo}/git/refs", refSchema, () => octokit.rest.git.createRef({ ...r, ref: `refs/heads/${branch}`, sha: made.sha }));
      return made.sha;
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
