// Histories as they are: a prerelease with build metadata, another package's tag, moving and
// non-semver tags (`latest`, `v1`, `release-2020`, `v2.0.0.0`). relm plans from the last stable
// release of its own tag format, tags and publishes the next version, and verify is clean.
import { afterAll, expect, it } from "vitest";
import { createGitFixture, type GitFixture } from "./support/git-fixture.ts";
import { runRelm, runRelmJson } from "./support/run-relm.ts";

const repos: GitFixture[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

it("plans, tags, publishes and verifies past odd and foreign tags", () => {
  const r = createGitFixture();
  repos.push(r);
  r.commit("feat: one", { files: { "a.txt": "1" } });
  r.tag("v1.0.0", { message: "1.0.0" });
  r.commit("feat: two", { files: { "a.txt": "2" } });
  r.tag("v1.1.0-rc.1+build.5", { message: "rc" });
  for (const t of ["latest", "v1", "release-2020", "v2.0.0.0", "pkg@9.0.0", "v3.0.0-"]) r.git("tag", t);
  r.commit("fix: three", { files: { "a.txt": "3" } });

  const plan = runRelmJson<{ packages: { previous?: { version: string; tag: string }; next?: { version: string; tag: string }; commits: unknown[] }[] }>(["plan"], { cwd: r.dir });
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.json.packages[0]).toMatchObject({ previous: { version: "1.0.0", tag: "v1.0.0" }, next: { version: "1.1.0", tag: "v1.1.0" } });
  // The prerelease's commit is part of the stable release it leads to.
  expect(plan.json.packages[0]?.commits).toHaveLength(2);

  const tagged = runRelm(["tag", "--approve", "alice"], { cwd: r.dir });
  expect(tagged.code, tagged.stderr).toBe(0);
  expect(r.git("cat-file", "-t", "v1.1.0")).toBe("tag");
  expect(r.git("rev-list", "-n", "1", "v1.1.0")).toBe(r.head());
  // The other tags are left exactly as they were.
  expect(r.git("rev-list", "-n", "1", "latest")).toBe(r.git("rev-list", "-n", "1", "v1.1.0-rc.1+build.5"));

  const published = runRelm(["publish", "--version", "1.1.0", "a.txt"], { cwd: r.dir });
  expect(published.code, published.stderr).toBe(0);
  expect(runRelm(["verify"], { cwd: r.dir }).code).toBe(0);
  // Nothing new to release: the history's odd tags do not make one.
  const again = runRelmJson<{ released: boolean }>(["plan"], { cwd: r.dir });
  expect(again.json.released).toBe(false);
});
