import type { ReleasePlan } from "../version/release-plan.ts";

/** The whole plan as JSON text (stable key order as built, two-space indent, trailing newline). */
export function planToJson(plan: ReleasePlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/**
 * The same text as planToJson, in pieces: a whole-history plan is tens of MB of JSON, which as one
 * string (and its copy on the way to stdout) doubled the peak memory. Objects and short arrays are
 * walked; each element of a long array is stringified on its own, so no piece is larger than a commit.
 */
export function* planJsonChunks(plan: ReleasePlan): Generator<string> {
  yield* chunksOf(plan, "");
  yield "\n";
}

// Elements of a long array per native stringify call: pieces of ~100 KB for commits.
const SLICE = 256;

function* chunksOf(value: unknown, indent: string): Generator<string> {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[\n";
    // A long array (the commits) is made of small things: stringified a few hundred at a time (one
    // native call each), which is what JSON.stringify of the whole would write. A short
    // one (the packages) may hold long ones, so it is walked further.
    if (value.length > 64) {
      // Wrapped in as many arrays as `indent` is deep, the slice's elements come out of JSON.stringify
      // at their own indentation; the wrappers' lines (and the slice's brackets) are cut off.
      const depth = indent.length / 2;
      const cut = (depth + 1) * (depth + 2);
      for (let i = 0; i < value.length; i += SLICE) {
        let wrapped: unknown = value.slice(i, i + SLICE);
        for (let d = 0; d < depth; d++) wrapped = [wrapped];
        const text = JSON.stringify(wrapped, null, 2);
        yield text.slice(cut, text.length - cut);
        yield i + SLICE < value.length ? ",\n" : "\n";
      }
      return yield `${indent}]`;
    }
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // An element JSON has no text for (undefined, a function) is null in an array, as JSON.stringify writes it.
      const v: unknown = value[i];
      if (v === undefined || typeof v === "function" || typeof v === "symbol") yield "null";
      else yield* chunksOf(v, inner);
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield `${indent}]`;
  }
  if (typeof value !== "object" || value === null || "toJSON" in value) return yield JSON.stringify(value) ?? "null";
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol");
  if (entries.length === 0) return yield "{}";
  yield "{\n";
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i] as [string, unknown];
    yield `${inner}${JSON.stringify(key)}: `;
    yield* chunksOf(v, inner);
    yield i < entries.length - 1 ? ",\n" : "\n";
  }
  yield `${indent}}`;
}
