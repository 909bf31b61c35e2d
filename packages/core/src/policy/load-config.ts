import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node } from "yaml";
import type { z } from "zod";
import { configSchema, type Config } from "./config-schema.ts";
import { RelmError, type ErrorDetail } from "../errors.ts";

/** Where a key came from in .relm.yml, so rules can name their own line in decisions. */
export interface ConfigSource {
  file: string;
  /** The git revision the file was read from (the protected target branch for the gate). */
  revision?: string;
  /** 1-based line of a dotted key path such as `policy.freezes.0`; undefined when absent. */
  lineOf(path: ReadonlyArray<string | number>): number | undefined;
}

export interface LoadedConfig {
  config: Config;
  source: ConfigSource;
}

function nodeAt(root: Node | null, path: ReadonlyArray<PropertyKey>): Node | null {
  let node: Node | null = root;
  for (const key of path) {
    if (node === null) return null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return node; // the key is missing: point at the map that should hold it
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof key === "number") {
      node = (node.items[key] as Node | undefined) ?? node;
    } else {
      return node;
    }
  }
  return node;
}

/**
 * The document as plain data. An alias bomb (aliases of aliases, "billion laughs") makes the parser
 * refuse with a bare message; it is a configuration error naming the first alias's line.
 */
function toJS(doc: ReturnType<typeof parseDocument>, file: string, lineCounter: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    let line = 1;
    visit(doc, {
      Alias(_, node) {
        if (node.range) line = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const message = e instanceof Error ? e.message : String(e);
    throw new RelmError("RELM_CONFIG_YAML", "config", `${file} is not valid YAML`, {
      details: [{ where: printable(`${file}:${line}`), message: printable(message) }],
      hint: "Aliases (*name) may be used 100 times in all; write the values out instead.",
    });
  }
}

/**
 * Parses and validates .relm.yml text. Every problem is reported at once with its key and line;
 * a broken file never yields a config (and so never a silent allow).
 */
export function loadConfig(text: string, file = ".relm.yml", revision?: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const details: ErrorDetail[] = doc.errors.map((e) => {
      // Without prettyErrors the parser sets no linePos: the offset is read through the line counter.
      const line = e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line;
      return { where: printable(`${file}:${line}`), message: printable(e.message.split("\n")[0] ?? e.message) };
    });
    throw new RelmError("RELM_CONFIG_YAML", "config", `${file} is not valid YAML`, { details, hint: "Fix the YAML syntax at the lines shown." });
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    const node = nodeAt(doc.contents, path);
    if (!node?.range) return undefined;
    return lineCounter.linePos(node.range[0]).line;
  };
  const raw: unknown = toJS(doc, file, lineCounter) ?? {};
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw configError(file, parsed.error.issues, lineOf);
  }
  return {
    config: parsed.data,
    source: { file, ...(revision === undefined ? {} : { revision }), lineOf: (p) => lineOf(p) },
  };
}

// Line breaks, other control characters and bidi overrides, escaped as JSON would.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text of the file (keys, values quoted in messages) on one line: the file may be the change under
 * review (`relm policy check` in a merge request), and its text must not start a workflow command
 * (`::error::`) or fake another line in the CI log.
 */
function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const keyText = (k: string | number): string => (typeof k === "number" || /^[\w$/@:-]+$/.test(k) ? String(k) : JSON.stringify(k));

function configError(file: string, issues: z.core.$ZodIssue[], lineOf: (p: ReadonlyArray<PropertyKey>) => number | undefined): RelmError {
  const details = issues.map((issue): ErrorDetail => {
    const path = issue.path.filter((k): k is string | number => typeof k !== "symbol");
    const extra = issue.code === "unrecognized_keys" ? issue.keys : [];
    const keyPath = [...path, ...(extra.length === 1 ? extra : [])];
    const key = keyPath.length > 0 ? keyPath.map(keyText).join(".") : "(top level)";
    return { where: printable(`${file}:${lineOf(keyPath) ?? 1} ${key}`), message: printable(issue.message) };
  });
  const first = details[0];
  return new RelmError("RELM_CONFIG_INVALID", "config", `${file} is not a valid relm configuration${first ? `: ${first.where}: ${first.message}` : ""}`, {
    details,
    hint: "See schema/relm.schema.json for every key; point your editor at it for completion.",
  });
}
