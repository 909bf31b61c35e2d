import { z } from "zod";
import type { FileChange } from "@relm/core/ports/release-pulls";
import type { GitHubClient } from "./client.ts";
import { call, find } from "./call.ts";

const sha = z.object({ sha: z.string() });
const refSchema = z.object({ object: sha });

export interface BranchCommit {
  branch: string;
  baseHead: string;
  message: string;
  files: readonly FileChange[];
}

/**
 * The release commit made with the REST Git Data API (a tree on the base commit's tree, a commit,
 * the branch created or forced onto it); returns its hash. GitHub does not sign such commits: the
 * fallback where GraphQL's createCommitOnBranch is not to be had (docs/release-pr.md).
 */
export async function gitDataCommit(client: GitHubClient, { branch, baseHead, message, files }: BranchCommit): Promise<string> {
  const { octokit, owner, repo } = client;
  const r = { owner, repo };
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
}
