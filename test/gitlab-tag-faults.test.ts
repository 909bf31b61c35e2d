// `relm tag --forge gitlab` when GitLab refuses each call it makes in turn (403, 404 on writes, and
// the token's 401): the run fails naming the call, the status and the access it needs; no Release
// is left without its tag; and a re-run completes the same release a clean run makes.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGitFixture, gitEnv, type GitFixture } from "./support/git-fixture.ts";
import { startFakeGitlab, type FakeGitlab } from "./support/fake-gitlab/index.ts";
import { routes } from "./support/fake-gitlab/routes.ts";

const relm = join(import.meta.dirname, "..", "packages", "cli", "bin", "relm.js");
const run = promisify(execFile);

let repo: GitFixture;
beforeAll(() => {
  repo = createGitFixture();
  repo.git("remote", "add", "origin", "https://gitlab.invalid/acme/app.git");
  repo.commit("feat: first release", { files: { "README.md": "app\n" } });
  repo.tag("v1.0.0", { message: "v1.0.0" });
  repo.commit("fix: the export", { files: { ".relm.yml": "changelog: false\n" } });
});
afterAll(() => repo.cleanup());

async function tag(fake: FakeGitlab): Promise<{ code: number; out: string }> {
  const env = gitEnv({ CI_SERVER_URL: fake.url, CI_PROJECT_ID: "42", GITLAB_TOKEN: "glpat-fake-token", GITHUB_ACTIONS: "", GITLAB_CI: "" });
  try {
    const { stdout, stderr } = await run(process.execPath, [relm, "tag", "--forge", "gitlab"], { cwd: repo.dir, env });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const made = (fake: FakeGitlab) => ({
  tags: [...fake.state.tags.values()].map((t) => [t.name, t.commit]),
  releases: [...fake.state.releases.values()].map((r) => [r.tag, r.description]),
});

it("fails naming the refused call and the access it needs, leaves nothing half-made, and a re-run completes the release", async () => {
  const cleanFake = await startFakeGitlab();
  const clean = await tag(cleanFake);
  expect(clean.code, clean.out).toBe(0);
  // The release MR's relabelling comes after the release, best effort: its refusal is no failure (below).
  const calls = [...new Set(cleanFake.requests.map((r) => r.route ?? ""))].filter((id) => id !== "list-commit-merge-requests");
  const expected = made(cleanFake);
  await cleanFake.close();
  expect(calls).toEqual(expect.arrayContaining(["create-tag", "create-release"]));
  expect(expected.tags).toEqual([["v1.0.1", repo.head()]]);
  expect(expected.releases.map(([tag]) => tag)).toEqual(["v1.0.1"]);

  const spec = (id: string) => routes.find((r) => r.id === id);
  const cases: [string, number][] = [[calls[0] ?? "", 401], ...calls.flatMap((id) => [403, 404].filter((s) => !(s === 404 && spec(id)?.method === "GET")).map((s) => [id, s] as [string, number]))];
  expect(cases.length).toBeGreaterThanOrEqual(5);
  for (const [route, status] of cases) {
    const fake = await startFakeGitlab();
    try {
      fake.fault({ route, status, body: { message: `${status} refused` } });
      const failed = await tag(fake);
      const where = `${route} ${status}`;
      const r = spec(route);
      expect(failed.code, where).not.toBe(0);
      expect(failed.out, where).toContain(`GitLab ${r?.method} ${r?.path} failed with ${status}`);
      expect(failed.out, where).toMatch(status === 401 ? /the token is missing or expired/ : /the token may lack access: /);
      for (const release of fake.state.releases.values()) expect(fake.state.tags.has(release.tag), where).toBe(true);
      const again = await tag(fake);
      expect(again.code, `${where}, re-run: ${again.out}`).toBe(0);
      expect(made(fake), where).toEqual(expected);
      expect(fake.violations, where).toEqual([]);
    } finally {
      await fake.close();
    }
  }
}, 240_000);

it("a refused look-up of the release MR after the tag is no failure: the release stands", async () => {
  const fake = await startFakeGitlab();
  try {
    fake.fault({ route: "list-commit-merge-requests", status: 403, body: { message: "403 refused" } });
    const run = await tag(fake);
    expect(run.code, run.out).toBe(0);
    expect(made(fake).tags).toEqual([["v1.0.1", repo.head()]]);
    expect(fake.requests.some((r) => r.route === "list-commit-merge-requests" && r.status === 403)).toBe(true);
  } finally {
    await fake.close();
  }
});
