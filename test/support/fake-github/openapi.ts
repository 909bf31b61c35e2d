// Checks requests to (and answers from) the fake GitHub against GitHub's published OpenAPI
// description, cut down to relm's endpoints in test/fixtures/github-openapi.json.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface MatchedOperation {
  method: string;
  template: string;
  params: Record<string, string>;
  check(query: URLSearchParams, contentType: string | undefined, body: unknown): string[];
  checkAnswer(status: number, body: unknown): string[];
}

// Ajv knows OpenAPI's `nullable`; `strict: false` lets it skip extension keywords (x-multi-segment).
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);

const compiled = new Map<unknown, ValidateFunction>();
function validator(schema: unknown): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema as object);
    compiled.set(schema, v);
  }
  return v;
}

function errorsOf(where: string, v: ValidateFunction): string[] {
  return (v.errors ?? []).slice(0, 5).map((e) => `${where}${e.instancePath} ${e.message ?? "invalid"}`);
}

/** Query and path values arrive as text; coerce them to what the schema types ask for. */
function coerce(value: string, schema: Record<string, unknown> | undefined): unknown {
  const type = schema?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** OpenAPI 3.0: `nullable` admits null even where an `enum` lists the values; JSON Schema needs it listed. */
function nullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullableEnums);
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  if (n.nullable === true && Array.isArray(n.enum) && !n.enum.includes(null)) n.enum.push(null);
  Object.values(n).forEach(nullableEnums);
  // `nullable` on a composition (allOf of a $ref'd object): say "this, or null" in JSON Schema terms.
  if (n.nullable === true && n.type === undefined) {
    const rest = { ...n };
    delete rest.nullable;
    for (const key of Object.keys(n)) delete n[key];
    n.anyOf = [rest, { type: "null" }];
  }
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  op: Operation;
}

export interface OpenApiCheck {
  match(method: string, pathname: string): MatchedOperation | undefined;
  operations(): { method: string; template: string }[];
}

export function loadOpenApi(file: string): OpenApiCheck {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { paths: Record<string, Record<string, Operation>> };
  nullableEnums(doc);
  const routes: Route[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        const multi = op.parameters?.some((p) => p.name === name && (p as unknown as Record<string, unknown>)["x-multi-segment"] === true);
        return multi ? "(.+)" : "([^/]+)";
      });
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${source}$`), names, op });
    }
  }
  // Literal segments win over parameters: /releases/tags/{tag} before /releases/{release_id}, and
  // /commits/{ref}/check-runs before /commits/{ref}, whose ref may span segments.
  const literal = (template: string): number => template.replace(/\{\w+\}/g, "").length;
  routes.sort((a, b) => a.names.length - b.names.length || literal(b.template) - literal(a.template));

  return {
    operations: () => routes.map((r) => ({ method: r.method, template: r.template })),
    match(method, pathname) {
      for (const route of routes) {
        if (route.method !== method) continue;
        const m = route.regex.exec(pathname);
        if (!m) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? "")));
        const op = route.op;
        const where = `${method} ${route.template}`;
        return {
          method,
          template: route.template,
          params,
          check(query, contentType, body) {
            const problems: string[] = [];
            const declared = op.parameters ?? [];
            for (const p of declared) {
              const raw = p.in === "path" ? params[p.name] : p.in === "query" ? (query.get(p.name) ?? undefined) : undefined;
              if (p.in === "header") continue;
              if (raw === undefined) {
                if (p.required) problems.push(`${where}: missing ${p.in} parameter ${p.name}`);
                continue;
              }
              if (p.schema) {
                const v = validator(p.schema);
                if (!v(coerce(raw, p.schema))) problems.push(...errorsOf(`${where}: ${p.in} ${p.name}`, v));
              }
            }
            for (const key of new Set(query.keys())) {
              if (!declared.some((p) => p.in === "query" && p.name === key)) problems.push(`${where}: undeclared query parameter ${key}`);
            }
            const rb = op.requestBody;
            if (body === undefined) {
              if (rb?.required) problems.push(`${where}: missing request body`);
            } else if (!rb) {
              problems.push(`${where}: a body was sent to an operation that takes none`);
            } else {
              const type = (contentType ?? "").split(";")[0]?.trim() ?? "";
              const media = rb.content[type] ?? (rb.content["*/*"] ? rb.content["*/*"] : undefined);
              if (!media) problems.push(`${where}: content type ${type || "(none)"} not accepted (${Object.keys(rb.content).join(", ")})`);
              else if (type === "application/json" && media.schema) {
                const v = validator(media.schema);
                if (!v(body)) problems.push(...errorsOf(`${where}: body`, v));
              }
            }
            return problems;
          },
          checkAnswer(status, body) {
            const response = op.responses[String(status)];
            if (!response) return status >= 500 || status === 403 || status === 429 ? [] : [`${where}: answer ${status} is not documented`];
            const schema = response.content?.["application/json"]?.schema;
            if (!schema || body === undefined) return [];
            const v = validator(schema);
            return v(body) ? [] : errorsOf(`${where}: answer ${status}`, v);
          },
        };
      }
      return undefined;
    },
  };
}
