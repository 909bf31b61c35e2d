// Each action's committed dist/ is what bundling its sources gives today (npm run bundle).
import { describe, expect, it } from "vitest";
import { bundledActions, staleFiles } from "../scripts/bundle-actions.ts";

describe("bundled actions", () => {
  it.each(bundledActions())("actions/%s/dist is fresh", (action) => {
    expect(staleFiles(action)).toEqual([]);
  }, 240_000);
});
