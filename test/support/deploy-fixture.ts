// A repository with published releases and a staging → production policy, for the deploy tests.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createGitFixture, gitEnv, type GitFixture } from "./git-fixture.ts";
import { relmBin, runRelm, type RelmRun } from "./run-relm.ts";

export const DEPLOY_POLICY = `project: app
policy:
  environments:
    staging: { configurationItems: [web-staging] }
    production: { after: [staging], soak: 30m, configurationItems: [web, db-migrations] }
  override: { users: [oncall], via: [input], rules: [failed, soak] }
`;

/** A repository whose `releases` versions are published with one artifact each. */
export function deployFixture(releases: number, policy = DEPLOY_POLICY): GitFixture {
  const repo = createGitFixture();
  repo.commit("chore: policy", { files: { ".relm.yml": policy, ".gitignore": ".relm/\ndist/\n" } });
  for (let i = 0; i < releases; i++) {
    repo.commit(i === 0 ? "feat: first" : `fix: change ${i}`, { files: { [`src/${i}.ts`]: String(i) } });
    writeFileSync(join(repo.dir, "app.txt"), `app build ${i}`);
    const published = runRelm(["publish", "app.txt"], { cwd: repo.dir });
    if (published.code !== 0) throw new Error(`publish ${i} failed: ${published.stderr}`);
    repo.tag(`v1.0.${i}`, { message: `v1.0.${i}` });
  }
  return repo;
}

/** The chain's events as stored, oldest first. */
export function storedEvents(dir: string): Array<{ event: string; subject: { version: string }; detail: Record<string, unknown>; chain: { sequence: number } }> {
  const records = join(dir, ".relm", "registry", "records");
  return readdirSync(records)
    .filter((n) => n.startsWith("event-"))
    .map((n) => JSON.parse(readFileSync(join(records, n), "utf8")) as ReturnType<typeof storedEvents>[number])
    .sort((a, b) => a.chain.sequence - b.chain.sequence);
}

/** relm as a background process, for runs that overlap. */
export function relmAsync(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<RelmRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [relmBin, ...args], { cwd, env: gitEnv({ NO_COLOR: "1", ...env }) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
