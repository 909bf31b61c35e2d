import { expect, it } from "vitest";
import type { RelmError } from "@relm/core";
import { input, inputVariable, readSettings } from "../src/index.ts";

const spec = {
  "make-latest": input.oneOf(["true", "false", "legacy"], "true"),
  "dry run": input.boolean(false),
  timeout: input.optionalDuration(),
  artifacts: input.lines(),
};

it("names variables as the runner does: upper case, spaces as _, dashes kept", () => {
  expect(inputVariable("make-latest")).toBe("INPUT_MAKE-LATEST");
  expect(inputVariable("dry run")).toBe("INPUT_DRY_RUN");
});

it("reads every input into one typed settings object, with fallbacks for empty ones", () => {
  const settings = readSettings(spec, { "INPUT_MAKE-LATEST": "legacy", INPUT_DRY_RUN: "True", INPUT_ARTIFACTS: "dist/a.tgz\n\n# not this\n dist/b.tgz " });
  expect(settings).toEqual({ "make-latest": "legacy", "dry run": true, timeout: undefined, artifacts: ["dist/a.tgz", "dist/b.tgz"] });
  expect(readSettings(spec, {})["make-latest"]).toBe("true");
});

it("reports every bad input at once, naming it and what was expected", () => {
  const error = (() => {
    try {
      readSettings(spec, { "INPUT_MAKE-LATEST": "always", INPUT_DRY_RUN: "yes", INPUT_TIMEOUT: "soon" });
    } catch (e) {
      return e as RelmError;
    }
    return undefined;
  })();
  expect(error?.code).toBe("RELM_ACTION_INPUT");
  expect(error?.kind).toBe("usage");
  expect(error?.details).toEqual([
    { where: "input make-latest", message: 'expected one of true, false, legacy, got "always"' },
    { where: "input dry run", message: 'expected true or false, got "yes"' },
    { where: "input timeout", message: 'expected empty or a duration such as 30s, 10m, 2h or 1d, got "soon"' },
  ]);
});
