import type { DocumentPath } from "./document-path.ts";

/** A string value in JSON text: its key path and where its quoted text starts and ends. */
export interface JsonStringSpan {
  path: DocumentPath;
  start: number;
  end: number;
}

const WHITESPACE = /\s/;
const SCALAR_END = /[\s,\]}]/;

/**
 * Every string value of JSON text (already known to parse) with its key path and position, so a
 * value can be replaced in place: the rest of the file (indentation, key order, line endings,
 * the final newline) stays byte for byte as it was.
 */
export function jsonStringSpans(text: string): JsonStringSpan[] {
  const out: JsonStringSpan[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skip = (): void => {
    while (i < text.length && WHITESPACE.test(text.charAt(i))) i++;
  };
  const quoted = (): string => {
    const start = i++;
    while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: DocumentPath): void => {
    skip();
    const c = text.charAt(i);
    if (c === '"') {
      const start = i;
      quoted();
      out.push({ path, start, end: i });
    } else if (c === "{" || c === "[") {
      members(path, c === "{");
    } else {
      while (i < text.length && !SCALAR_END.test(text.charAt(i))) i++;
    }
  };
  const members = (path: DocumentPath, object: boolean): void => {
    i++;
    skip();
    const close = object ? "}" : "]";
    let index = 0;
    while (i < text.length && text.charAt(i) !== close) {
      if (object) {
        const key = quoted();
        skip();
        i++; // the colon
        value([...path, key]);
      } else {
        value([...path, index++]);
      }
      skip();
      if (text.charAt(i) === ",") i++;
      skip();
    }
    i++;
  };
  value([]);
  return out;
}

/** The text with string values replaced (each by its span), from the last so earlier positions hold. */
export function withJsonStrings(text: string, replacements: ReadonlyArray<{ span: JsonStringSpan; value: string }>): string {
  let result = text;
  for (const { span, value } of [...replacements].sort((a, b) => b.span.start - a.span.start)) {
    result = `${result.slice(0, span.start)}${JSON.stringify(value)}${result.slice(span.end)}`;
  }
  return result;
}
