// Action inputs fuzzed: whatever text a workflow passes (expressions can splice in PR titles), an
// action either reads it as its kind expects or fails with RELM_ACTION_INPUT (exit 2) naming each
// bad input and what was expected, on one line; never a crash or a silent default.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RelmError } from "@relm/core";
import { input, inputVariable, readSettings } from "../src/action/inputs.ts";

const spec = {
  token: input.required("a GitHub token"),
  config: input.text(".relm.yml"),
  "fail-on-deny": input.boolean(true),
  prerelease: input.oneOf(["auto", "true", "false"], "auto"),
  mode: input.optionalOneOf(["environment", "change-request"]),
  "poll-interval": input.duration("30s"),
  timeout: input.optionalDuration(),
  "candidate-digest": input.optionalDigest(),
  artifacts: input.lines(),
};

const hostile = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("", " ", "true", "TRUE", "yes", "30s", "0s", "1d", "-1h", "soon", "auto", "change-request", `sha256:${"a".repeat(64)}`, "sha256:nope", "a\n::set-output name=x::y", "\u202eevil", "${{ github.token }}"),
);

describe("action inputs, fuzzed", () => {
  it("read as their kind or refused naming each bad input, on one line", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(spec)), hostile), (given) => {
        const env = Object.fromEntries(Object.entries(given).map(([k, v]) => [inputVariable(k), v]));
        try {
          const s = readSettings(spec, env);
          expect(typeof s.token).toBe("string");
          expect(s.token.length).toBeGreaterThan(0);
          expect(typeof s["fail-on-deny"]).toBe("boolean");
          expect(["auto", "true", "false"]).toContain(s.prerelease);
          expect([undefined, "environment", "change-request"]).toContain(s.mode);
          expect(s["poll-interval"]).toMatch(/^\d+[smhdw]$/);
          if (s["candidate-digest"] !== undefined) expect(s["candidate-digest"]).toMatch(/^sha256:[0-9a-f]{64}$/);
          expect(Array.isArray(s.artifacts)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(RelmError);
          const e = error as RelmError;
          expect(e.code).toBe("RELM_ACTION_INPUT");
          expect(e.kind).toBe("usage");
          expect(e.details.length).toBeGreaterThan(0);
          for (const d of e.details) {
            expect(d.where).toMatch(/^input [a-z-]+$/);
            expect(d.message).toMatch(/^expected .+, got ".*"$/s);
            // JSON.stringify keeps a given line break escaped: the message stays one line.
            expect(d.message).not.toMatch(/[\r\n]/);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
