// POST /graphql on the fake GitHub: the request checked against GitHub's GraphQL schema, then run
// by graphql-js against resolvers that apply `createCommitOnBranch` to the fake's git state, so later
// REST reads (a ref, a commit's parents, a file's contents) see the commit.
import { createHash } from "node:crypto";
import { executeSync, GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import { gitObjects, type GitCommit } from "./git-data-handlers.ts";
import type { Answer } from "./handler-kit.ts";
import { checkGraphqlRequest, errorBody, githubGraphqlSchema } from "./graphql-schema.ts";
import type { FakeState } from "./state.ts";

export interface GraphqlOptions {
  readOnly: boolean;
  /** Root fields this GitHub lacks (an older GitHub Enterprise Server): asking for one is answered as GitHub does. */
  without: ReadonlySet<string>;
}

const failure = (message: string, type: string): GraphQLError => new GraphQLError(message, { extensions: { type } });

interface CommitInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string; id?: string };
  expectedHeadOid: string;
  message: { headline: string; body?: string };
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
}

/** What GitHub does for createCommitOnBranch: one commit on the branch's head, signed by GitHub. */
function createCommitOnBranch(s: FakeState, input: CommitInput): Record<string, unknown> {
  const { branch } = input;
  if (branch.id !== undefined) throw failure("fake GitHub: address the branch by repositoryNameWithOwner and branchName", "NOT_FOUND");
  if (branch.repositoryNameWithOwner !== `${s.owner}/${s.repo}`) throw failure(`Could not resolve to a Repository with the name '${branch.repositoryNameWithOwner ?? ""}'.`, "NOT_FOUND");
  const name = `heads/${branch.branchName ?? ""}`;
  const ref = s.refs.get(name);
  if (!ref) throw failure(`A ref named "refs/${name}" does not exist.`, "NOT_FOUND");
  if (ref.sha !== input.expectedHeadOid) throw failure(`Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`, "STALE_DATA");
  const parent = gitObjects.commits.get(ref.sha);
  if (!parent) throw failure(`fake GitHub: the branch head ${ref.sha} is not a commit the test seeded`, "NOT_FOUND");
  const files = new Map(parent.files);
  for (const d of input.fileChanges?.deletions ?? []) files.delete(d.path);
  for (const a of input.fileChanges?.additions ?? []) files.set(a.path, Buffer.from(a.contents, "base64").toString("utf8"));
  const message = input.message.body ? `${input.message.headline}\n\n${input.message.body}` : input.message.headline;
  const commit: GitCommit = { parents: [ref.sha], files, message, signed: true };
  const oid = createHash("sha1").update(`graphql ${ref.sha} ${message} ${JSON.stringify([...files])} ${gitObjects.commits.size}`).digest("hex");
  gitObjects.commits.set(oid, commit);
  s.refs.set(name, { type: "commit", sha: oid });
  const url = `https://github.invalid/${s.owner}/${s.repo}/commit/${oid}`;
  return {
    commit: {
      __typename: "Commit", id: `C_${oid.slice(0, 8)}`, oid, abbreviatedOid: oid.slice(0, 7), url, commitUrl: url, message, messageHeadline: input.message.headline, messageBody: input.message.body ?? "",
      committedDate: "2026-01-01T00:00:00Z", committedViaWeb: false,
      signature: { __typename: "GpgSignature", isValid: true, state: "VALID", wasSignedByGitHub: true, email: "noreply@github.com", payload: "", signature: "" },
    },
    ref: { __typename: "Ref", id: `REF_${name}`, name: branch.branchName, prefix: "refs/heads/" },
  };
}

const rootFields = (operation: OperationDefinitionNode): string[] =>
  operation.selectionSet.selections.flatMap((sel) => (sel.kind === Kind.FIELD ? [sel.name.value] : []));

/** The answer to one POST /graphql, and what the request did wrong by GitHub's schema. */
export function answerGraphql(s: FakeState, body: unknown, options: GraphqlOptions): { answer: Answer; violations: string[] } {
  const checked = checkGraphqlRequest(body);
  if (!checked.ok) {
    const errors = checked.errors.length > 0 ? checked.errors.map(errorBody) : checked.problems.map((message) => ({ message }));
    return { answer: { status: checked.errors.length > 0 ? 200 : 400, body: { errors } }, violations: checked.problems };
  }
  const missing = rootFields(checked.operation).find((f) => options.without.has(f));
  if (missing) {
    const typeName = checked.operation.operation === "mutation" ? "Mutation" : "Query";
    const error = { message: `Field '${missing}' doesn't exist on type '${typeName}'`, extensions: { code: "undefinedField", typeName, fieldName: missing } };
    return { answer: { status: 200, body: { errors: [error] } }, violations: [] };
  }
  if (checked.operation.operation === "mutation" && options.readOnly) {
    return { answer: { status: 200, body: { data: { [rootFields(checked.operation)[0] ?? "mutation"]: null }, errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] } }, violations: [] };
  }
  const rootValue = { createCommitOnBranch: ({ input }: { input: CommitInput }) => createCommitOnBranch(s, input) };
  const result = executeSync({ schema: githubGraphqlSchema(), document: checked.document, rootValue, variableValues: checked.request.variables, ...(checked.request.operationName ? { operationName: checked.request.operationName } : {}) });
  return { answer: { status: 200, body: { data: result.data ?? null, ...(result.errors ? { errors: result.errors.map(errorBody) } : {}) } }, violations: [] };
}
