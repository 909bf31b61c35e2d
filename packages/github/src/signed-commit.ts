import { z } from "zod";
import { RelmError } from "@relm/core";
import type { GitHubClient } from "./client.ts";
import { call, find, isNotFound, parseAnswer, requestError } from "./call.ts";
import type { BranchCommit } from "./git-data-commit.ts";

const refSchema = z.object({ object: z.object({ sha: z.string() }) });
const answerSchema = z.object({ createCommitOnBranch: z.object({ commit: z.object({ oid: z.string() }) }) });
const ENDPOINT = "POST /graphql createCommitOnBranch";

const MUTATION = `mutation RelmReleaseCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { oid }
  }
}`;

/** The commit, or why this GitHub cannot make it (it lacks the mutation: an older GitHub Enterprise Server). */
export type SignedCommit = { sha: string } | { unavailable: string };

/** The GraphQL names relm's mutation uses: an error naming one as unknown means the mutation is not there. */
const OWN_NAMES = /createCommitOnBranch|CreateCommitOnBranchInput|CommittableBranch|FileChanges|FileAddition|CommitMessage/;
/** graphql-ruby's codes for a field, type or argument the schema does not have. */
const MISSING_CODES = new Set(["undefinedField", "undefinedType", "argumentNotAccepted"]);

interface GraphqlErrorItem {
  message?: unknown;
  type?: unknown;
  extensions?: { code?: unknown };
}

const errorsOf = (error: unknown): GraphqlErrorItem[] => {
  const list = (error as { errors?: unknown }).errors;
  return Array.isArray(list) ? list.filter((e): e is GraphqlErrorItem => typeof e === "object" && e !== null) : [];
};

/**
 * Why the mutation cannot be had here, when the error says so: GraphQL not served (404), or the
 * schema knows none of it. Only errors that name the mutation or its input types count, so a mistake
 * elsewhere in relm's query fails loudly instead of quietly committing unsigned.
 */
function unavailability(error: unknown): string | undefined {
  if (isNotFound(error)) return "POST /graphql answered 404";
  for (const e of errorsOf(error)) {
    const message = typeof e.message === "string" ? e.message : "";
    const code = e.extensions?.code;
    const missing = (typeof code === "string" && MISSING_CODES.has(code)) || /doesn't exist|isn't a defined|is not defined|Cannot query field|Unknown type/.test(message);
    if (missing && OWN_NAMES.test(`${message} ${JSON.stringify(e.extensions ?? {})}`)) return message;
  }
  return undefined;
}

/** A GraphQL error answer as relm's request error: GitHub answers 200 with `errors`, each with a `type`. */
function graphqlFailure(error: unknown): RelmError {
  const errors = errorsOf(error);
  if (errors.length === 0) return requestError(ENDPOINT, error);
  const types = new Set(errors.map((e) => e.type));
  const message = errors.map((e) => (typeof e.message === "string" ? e.message : "error")).join("; ");
  const hint = types.has("FORBIDDEN")
    ? "the token may lack the permission contents: write; see docs/github.md#permissions"
    : types.has("STALE_DATA")
      ? "the release branch moved while relm committed (another run of relm pr?); run it again"
      : undefined;
  return new RelmError("RELM_GITHUB_REQUEST", "external", `GitHub ${ENDPOINT} failed: ${message}`, { ...(hint ? { hint } : {}), details: [{ where: ENDPOINT, message }], cause: error });
}

/**
 * Where the commit is made when the release branch already exists. GitHub closes an open pull request
 * the moment its head has nothing its base lacks, and never reopens it: the release branch is never
 * reset to the base, it is moved from the old release commit straight onto the new one. Outside
 * `relm/release-*`, so it never is a release branch itself.
 */
export const scratchBranch = (branch: string): string => `relm/scratch/${branch.replace(/^relm\//, "")}`;

/**
 * The release commit made with GraphQL's createCommitOnBranch, which GitHub signs (with a
 * GITHUB_TOKEN or an app token the commit shows "Verified" and passes rulesets that require signed
 * commits). The mutation only appends to an existing branch whose head it is told, so a branch is
 * first pointed at the base head; returns the commit's hash.
 */
export async function signedCommit(client: GitHubClient, input: BranchCommit): Promise<SignedCommit> {
  const { octokit, owner, repo } = client;
  const r = { owner, repo };
  const getRef = (branch: string) => find("GET /repos/{owner}/{repo}/git/ref/{ref}", refSchema, () => octokit.rest.git.getRef({ ...r, ref: `heads/${branch}` }));
  const createRef = (branch: string, sha: string) => call("POST /repos/{owner}/{repo}/git/refs", refSchema, () => octokit.rest.git.createRef({ ...r, ref: `refs/heads/${branch}`, sha }));
  const forceRef = (branch: string, sha: string) => call("PATCH /repos/{owner}/{repo}/git/refs/{ref}", refSchema, () => octokit.rest.git.updateRef({ ...r, ref: `heads/${branch}`, sha, force: true }));
  // A scratch branch left behind is harmless (the next run forces it), so failing to delete it fails nothing.
  const dropRef = (branch: string) => octokit.rest.git.deleteRef({ ...r, ref: `heads/${branch}` }).catch(() => undefined);

  const existing = await getRef(input.branch);
  const target = existing ? scratchBranch(input.branch) : input.branch;
  if (existing && (await getRef(target))) await forceRef(target, input.baseHead);
  else await createRef(target, input.baseHead);

  const [headline = "", ...rest] = input.message.trim().split("\n");
  const body = rest.join("\n").trim();
  let data: unknown;
  try {
    data = await octokit.graphql(MUTATION, {
      input: {
        branch: { repositoryNameWithOwner: `${owner}/${repo}`, branchName: target },
        message: { headline, ...(body ? { body } : {}) },
        fileChanges: { additions: input.files.map((f) => ({ path: f.path, contents: Buffer.from(f.text, "utf8").toString("base64") })) },
        expectedHeadOid: input.baseHead,
      },
    });
  } catch (error) {
    const unavailable = unavailability(error);
    if (unavailable === undefined) throw graphqlFailure(error);
    if (existing) await dropRef(target);
    return { unavailable };
  }
  const sha = parseAnswer(ENDPOINT, answerSchema, data).createCommitOnBranch.commit.oid;
  if (existing) {
    await forceRef(input.branch, sha);
    await dropRef(target);
  }
  return { sha };
}
