// The streamed plan JSON is the very text JSON.stringify writes, for any JSON-shaped value: objects
// and short arrays walked, long arrays element by element, undefined and functions as JSON leaves them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planJsonChunks, planToJson } from "../src/notes/plan-json.ts";
import type { ReleasePlan } from "../src/version/release-plan.ts";

const text = (value: unknown): string => [...planJsonChunks(value as ReleasePlan)].join("");

describe("planJsonChunks", () => {
  it("equals planToJson for arbitrary JSON values, short and long arrays alike", () => {
    const value = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: "small" }, fc.jsonValue({ maxDepth: 2 }), fc.array(tie("tree"), { maxLength: 70 }), fc.dictionary(fc.string(), tie("tree"), { maxKeys: 5 })),
    })).tree;
    fc.assert(
      fc.property(value, (v) => {
        expect(text(v)).toBe(planToJson(v as unknown as ReleasePlan));
      }),
      { numRuns: 300 },
    );
  });

  it("leaves out undefined and function properties, writes null for them in arrays, and keeps toJSON", () => {
    const odd = { a: undefined, b: () => 1, c: [undefined, () => 2, 3], d: new Date(0), e: { f: [] as unknown[], g: {} } };
    expect(text(odd)).toBe(planToJson(odd as unknown as ReleasePlan));
    const long = { commits: Array.from({ length: 100 }, (_, i) => ({ i, nested: { deep: [i, { x: "y\nz" }] }, gone: undefined })) };
    expect(text(long)).toBe(planToJson(long as unknown as ReleasePlan));
  });

  it("writes a long array a few hundred elements per piece, never the whole at once", () => {
    const commits = Array.from({ length: 1000 }, (_, i) => ({ hash: String(i).padStart(40, "0"), subject: "feat: a thing ".repeat(5), refs: [{ issue: String(i) }] }));
    const value = { packages: [{ name: "a", commits }] };
    const pieces = [...planJsonChunks(value as unknown as ReleasePlan)];
    expect(pieces.join("")).toBe(planToJson(value as unknown as ReleasePlan));
    const one = JSON.stringify(commits[0], null, 2).length;
    const longest = Math.max(...pieces.map((p) => p.length));
    // Four slices of 256 elements: each piece about a quarter of the text, none the whole.
    expect(longest).toBeGreaterThan(100 * one);
    expect(longest).toBeLessThan(pieces.join("").length / 3);
  });
});
