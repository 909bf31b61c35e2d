// Checks GraphQL requests to the fake GitHub against GitHub's published GraphQL schema
// (@octokit/graphql-schema's schema.graphql): the query must parse and validate, and the variables
// must coerce to the types the operation declares, so relm cannot pass by asking GitHub wrongly.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, getOperationAST, getVariableValues, GraphQLScalarType, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

const schemaFile = fileURLToPath(new URL("../../../node_modules/@octokit/graphql-schema/schema.graphql", import.meta.url));

let built: GraphQLSchema | undefined;

/**
 * The schema, built once per test process and only when a test speaks GraphQL: it is 1.2 MB of SDL
 * (about a second to build). `assumeValidSDL` because GitHub's published SDL repeats a few field
 * definitions, which a strict build refuses.
 */
export function githubGraphqlSchema(): GraphQLSchema {
  if (built) return built;
  const schema = buildSchema(readFileSync(schemaFile, "utf8"), { assumeValidSDL: true });
  // The SDL only names these scalars; GitHub refuses values that are not what their names say.
  scalar(schema, "GitObjectID", (v) => typeof v === "string" && /^[0-9a-f]{40}$/.test(v), "a 40-digit hex git object id");
  scalar(schema, "Base64String", (v) => typeof v === "string" && /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0, "base64 text");
  built = schema;
  return schema;
}

function scalar(schema: GraphQLSchema, name: string, ok: (value: unknown) => boolean, expected: string): void {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLScalarType)) throw new Error(`GitHub's schema has no scalar ${name}`);
  type.parseValue = (value: unknown) => {
    if (!ok(value)) throw new TypeError(`${name} expects ${expected}, got ${JSON.stringify(value)}`);
    return value;
  };
}

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export type CheckedGraphql =
  | { ok: true; request: GraphqlRequest; document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown> }
  | { ok: false; errors: GraphQLError[]; problems: string[] };

/** graphql-js words for GitHub's error codes (graphql-ruby's), so a client may tell them apart as it would on GitHub. */
function codeOf(message: string): string {
  if (message.startsWith("Cannot query field")) return "undefinedField";
  if (message.startsWith("Unknown type")) return "undefinedType";
  if (message.startsWith("Unknown argument")) return "argumentNotAccepted";
  if (message.startsWith("Variable")) return "variableMismatch";
  return "validationError";
}

/** GitHub's shape of a GraphQL error in an answer (HTTP 200, `errors` beside or instead of `data`). */
export function errorBody(e: GraphQLError): Record<string, unknown> {
  return {
    message: e.message,
    ...(e.locations ? { locations: e.locations } : {}),
    ...(e.path ? { path: e.path } : {}),
    ...(typeof e.extensions.type === "string" ? { type: e.extensions.type } : { extensions: { code: codeOf(e.message) } }),
  };
}

/** The request body as GitHub reads it, then the query and variables checked against the schema. */
export function checkGraphqlRequest(body: unknown): CheckedGraphql {
  const fail = (errors: GraphQLError[]): CheckedGraphql => ({ ok: false, errors, problems: errors.map((e) => `POST /graphql: ${e.message}`) });
  const b = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  if (typeof b.query !== "string") return { ok: false, errors: [], problems: ["POST /graphql: the body has no query"] };
  if (b.variables !== undefined && (b.variables === null || typeof b.variables !== "object" || Array.isArray(b.variables))) {
    return { ok: false, errors: [], problems: ["POST /graphql: variables is not an object"] };
  }
  const request: GraphqlRequest = { query: b.query, variables: (b.variables ?? {}) as Record<string, unknown>, ...(typeof b.operationName === "string" ? { operationName: b.operationName } : {}) };
  const schema = githubGraphqlSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return fail([error as GraphQLError]);
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return fail([...invalid]);
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return { ok: false, errors: [], problems: ["POST /graphql: no single operation to run (name it with operationName)"] };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables, { maxErrors: 10 });
  if (coerced.errors) return fail([...coerced.errors]);
  const declared = new Set((operation.variableDefinitions ?? []).map((d) => d.variable.name.value));
  const extra = Object.keys(request.variables).filter((k) => !declared.has(k));
  if (extra.length > 0) return { ok: false, errors: [], problems: extra.map((k) => `POST /graphql: variable $${k} is not declared by the operation`) };
  return { ok: true, request, document, operation, variables: coerced.coerced };
}
