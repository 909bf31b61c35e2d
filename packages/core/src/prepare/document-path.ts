/** A key path into a JSON or YAML document: object keys and array indexes. */
export type DocumentPath = ReadonlyArray<string | number>;

const SEGMENT = /^(?:\.([^.[\]"]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\])/;

/**
 * The key path of a JSONPath-like text as release-please's extra files write it: `$.version`,
 * `$.packages[0].version`, `$["odd.key"].version`, or without the `$.` (`tool.version`).
 * Undefined when the text is not one: filters, wildcards and recursion select many values, and a
 * version is written into exactly one.
 */
export function documentPath(text: string): DocumentPath | undefined {
  let rest = text.startsWith("$") ? text.slice(1) : `.${text}`;
  const path: Array<string | number> = [];
  while (rest !== "") {
    const m = SEGMENT.exec(rest);
    if (m === null) return undefined;
    if (m[1] !== undefined) path.push(m[1]);
    else if (m[2] !== undefined) path.push(Number(m[2]));
    else path.push(JSON.parse(`"${m[3] ?? ""}"`) as string);
    rest = rest.slice(m[0].length);
  }
  return path.length > 0 ? path : undefined;
}

export function samePath(a: DocumentPath, b: DocumentPath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The path as the configuration wrote it, for messages. */
export function shownPath(path: DocumentPath): string {
  return `$${path.map((k) => (typeof k === "number" ? `[${k}]` : /^[\w$-]+$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join("")}`;
}
