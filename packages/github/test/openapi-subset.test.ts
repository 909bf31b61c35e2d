import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { relmEndpoints, subset } from "../../../scripts/github-openapi-subset.ts";
import { startFakeGitHub } from "../../../test/support/fake-github/index.ts";

it("the committed OpenAPI subset is what the script cuts from @octokit/openapi today (npm run github:openapi)", () => {
  const committed: unknown = JSON.parse(readFileSync(new URL("../../../test/fixtures/github-openapi.json", import.meta.url), "utf8"));
  expect(committed).toEqual(subset());
});

it("the fake GitHub serves every endpoint of the subset", async () => {
  const fake = await startFakeGitHub();
  await fake.close();
  const { handlers } = await import("../../../test/support/fake-github/handlers.ts");
  expect(Object.keys(handlers).sort()).toEqual(relmEndpoints.map(([m, p]) => `${m.toUpperCase()} ${p}`).sort());
});
